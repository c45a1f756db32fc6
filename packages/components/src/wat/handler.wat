;; The tiny handler: a core module implementing trellis:lattice/handler@0.1.0 by hand (canonical ABI).
;;
;; Operations (payload in, result out):
;;   echo            ok(payload)
;;   upper           ok(payload with ASCII letters upper-cased)
;;   fail            err(payload as a string)
;;   trap            executes `unreachable`
;;   loop            never returns
;;   log             logs payload at info level (context "handler"), ok(payload)
;;   config          payload names a key: ok(value) from wasi:config/runtime, err when unset
;;   spin            busy-waits payload (decimal) milliseconds: ok(start ns, end ns as two u64 LE)
;;   grow            grows memory by payload (decimal) 64 KiB pages, ok("")
;;   anything else   err("unknown operation: <op>")
;;
;; Memory: data at 0..512, return area at 512, config return area at 528, a bump heap from 1024 that
;; post-return resets, so a warm instance does not grow across calls.
(module
  (import "wasi:logging/logging@0.1.0-draft" "log" (func $log (param i32 i32 i32 i32 i32)))
  (import "wasi:config/runtime@0.2.0-draft" "get" (func $config_get (param i32 i32 i32)))
  (import "wasi:clocks/monotonic-clock@0.2.12" "now" (func $now (result i64)))

  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))

  (data (i32.const 0) "echo")            ;; 0, 4
  (data (i32.const 8) "upper")           ;; 8, 5
  (data (i32.const 16) "fail")           ;; 16, 4
  (data (i32.const 24) "trap")           ;; 24, 4
  (data (i32.const 32) "loop")           ;; 32, 4
  (data (i32.const 40) "log")            ;; 40, 3
  (data (i32.const 48) "config")         ;; 48, 6
  (data (i32.const 56) "spin")           ;; 56, 4
  (data (i32.const 64) "grow")           ;; 64, 4
  (data (i32.const 72) "handler")        ;; 72, 7
  (data (i32.const 80) "unknown operation: ")  ;; 80, 19
  (data (i32.const 112) "config key not set")  ;; 112, 18
  (data (i32.const 136) "memory.grow failed")  ;; 136, 18

  ;; Aligned bump allocation; grows memory when the heap runs past its end.
  (func $alloc (param $align i32) (param $size i32) (result i32)
    (local $ptr i32) (local $end i32)
    (local.set $ptr
      (i32.and
        (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get $align))))
    (local.set $end (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (if (i32.eq
              (memory.grow
                (i32.add
                  (i32.div_u
                    (i32.sub (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
                    (i32.const 65536))
                  (i32.const 1)))
              (i32.const -1))
          (then unreachable))))
    (global.set $heap (local.get $end))
    (local.get $ptr))

  (func $cabi_realloc (export "cabi_realloc")
    (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
    (local $ptr i32)
    (if (i32.and (i32.ne (local.get $old) (i32.const 0))
                 (i32.le_u (local.get $new_size) (local.get $old_size)))
      (then (return (local.get $old))))
    (local.set $ptr (call $alloc (local.get $align) (local.get $new_size)))
    (if (i32.ne (local.get $old) (i32.const 0))
      (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old_size))))
    (local.get $ptr))

  (func $eq (param $a i32) (param $alen i32) (param $b i32) (param $blen i32) (result i32)
    (local $i i32)
    (if (i32.ne (local.get $alen) (local.get $blen)) (then (return (i32.const 0))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $alen)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i)))
                    (i32.load8_u (i32.add (local.get $b) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))

  ;; Decimal digits to an integer; other bytes are skipped.
  (func $atoi (param $p i32) (param $len i32) (result i32)
    (local $i i32) (local $n i32) (local $c i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.sub (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 48)))
        (if (i32.lt_u (local.get $c) (i32.const 10))
          (then (local.set $n (i32.add (i32.mul (local.get $n) (i32.const 10)) (local.get $c)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $n))

  (func $ok (param $p i32) (param $len i32) (result i32)
    (i32.store8 (i32.const 512) (i32.const 0))
    (i32.store (i32.const 516) (local.get $p))
    (i32.store (i32.const 520) (local.get $len))
    (i32.const 512))

  (func $err (param $p i32) (param $len i32) (result i32)
    (i32.store8 (i32.const 512) (i32.const 1))
    (i32.store (i32.const 516) (local.get $p))
    (i32.store (i32.const 520) (local.get $len))
    (i32.const 512))

  (func $upper (param $p i32) (param $len i32)
    (local $i i32) (local $c i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (local.get $p) (local.get $i))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 97)) (i32.const 26))
          (then (i32.store8 (i32.add (local.get $p) (local.get $i)) (i32.sub (local.get $c) (i32.const 32)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  (func $config (param $key i32) (param $len i32) (result i32)
    (call $config_get (local.get $key) (local.get $len) (i32.const 528))
    ;; result<option<string>, config-error>: tag at 528, payload from 532
    (if (i32.ne (i32.load8_u (i32.const 528)) (i32.const 0))
      (then (return (call $err (i32.load (i32.const 536)) (i32.load (i32.const 540))))))
    (if (i32.eqz (i32.load8_u (i32.const 532)))
      (then (return (call $err (i32.const 112) (i32.const 18)))))
    (call $ok (i32.load (i32.const 536)) (i32.load (i32.const 540))))

  (func $spin (param $ms i32) (result i32)
    (local $start i64) (local $end i64) (local $out i32)
    (local.set $start (call $now))
    (loop $wait
      (local.set $end (call $now))
      (br_if $wait (i64.lt_u (i64.sub (local.get $end) (local.get $start))
                             (i64.mul (i64.extend_i32_u (local.get $ms)) (i64.const 1000000)))))
    (local.set $out (call $alloc (i32.const 8) (i32.const 16)))
    (i64.store (local.get $out) (local.get $start))
    (i64.store offset=8 (local.get $out) (local.get $end))
    (call $ok (local.get $out) (i32.const 16)))

  (func $unknown (param $op i32) (param $len i32) (result i32)
    (local $out i32)
    (local.set $out (call $alloc (i32.const 1) (i32.add (i32.const 19) (local.get $len))))
    (memory.copy (local.get $out) (i32.const 80) (i32.const 19))
    (memory.copy (i32.add (local.get $out) (i32.const 19)) (local.get $op) (local.get $len))
    (call $err (local.get $out) (i32.add (i32.const 19) (local.get $len))))

  (func (export "trellis:lattice/handler@0.1.0#handle")
    (param $op i32) (param $op_len i32) (param $p i32) (param $len i32) (result i32)
    (if (call $eq (local.get $op) (local.get $op_len) (i32.const 0) (i32.const 4))
      (then (return (call $ok (local.get $p) (local.get $len)))))
    (if (call $eq (local.get $op) (local.get $op_len) (i32.const 8) (i32.const 5))
      (then
        (call $upper (local.get $p) (local.get $len))
        (return (call $ok (local.get $p) (local.get $len)))))
    (if (call $eq (local.get $op) (local.get $op_len) (i32.const 16) (i32.const 4))
      (then (return (call $err (local.get $p) (local.get $len)))))
    (if (call $eq (local.get $op) (local.get $op_len) (i32.const 24) (i32.const 4))
      (then unreachable))
    (if (call $eq (local.get $op) (local.get $op_len) (i32.const 32) (i32.const 4))
      (then (loop $forever (br $forever))))
    (if (call $eq (local.get $op) (local.get $op_len) (i32.const 40) (i32.const 3))
      (then
        (call $log (i32.const 2) (i32.const 72) (i32.const 7) (local.get $p) (local.get $len))
        (return (call $ok (local.get $p) (local.get $len)))))
    (if (call $eq (local.get $op) (local.get $op_len) (i32.const 48) (i32.const 6))
      (then (return (call $config (local.get $p) (local.get $len)))))
    (if (call $eq (local.get $op) (local.get $op_len) (i32.const 56) (i32.const 4))
      (then (return (call $spin (call $atoi (local.get $p) (local.get $len))))))
    (if (call $eq (local.get $op) (local.get $op_len) (i32.const 64) (i32.const 4))
      (then
        (if (i32.eq (memory.grow (call $atoi (local.get $p) (local.get $len))) (i32.const -1))
          (then (return (call $err (i32.const 136) (i32.const 18)))))
        (return (call $ok (i32.const 0) (i32.const 0)))))
    (call $unknown (local.get $op) (local.get $op_len)))

  (func (export "cabi_post_trellis:lattice/handler@0.1.0#handle") (param i32)
    (global.set $heap (i32.const 1024)))
)
