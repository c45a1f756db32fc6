/**
 * The piscina worker: keeps warm instances per component (keyed by component id and generation) and runs
 * one task at a time. A trap or a memory overrun drops the instance; the next call instantiates afresh.
 */
import { BroadcastChannel, parentPort, workerData } from 'node:worker_threads';
import { hostImports, type InstanceContext } from './imports/index.ts';
import type {
  InstanceSpec,
  WorkerBroadcast,
  WorkerData,
  WorkerEvent,
  WorkerReply,
  WorkerTask,
} from './messages.ts';

const HANDLER = 'trellis:lattice/handler@0.1.0';

interface Handler {
  handle(operation: string, payload: Uint8Array): Uint8Array;
}

interface Instantiate {
  instantiate(
    getCoreModule: (name: string) => WebAssembly.Module,
    imports: Record<string, object>,
    instantiateCore: (module: WebAssembly.Module, imports: object) => Promise<WebAssembly.Instance>,
  ): Promise<Record<string, unknown>>;
}

interface Warm {
  handler: Handler | undefined;
  ctx: InstanceContext;
  memories: Set<WebAssembly.Memory>;
}

/** Idle instances of one component generation. */
interface Slot {
  generation: number;
  idle: Warm[];
}

const slots = new Map<string, Slot>();
/** Compiled core modules by component digest, as the main thread sent them. */
const codes = new Map<string, Record<string, WebAssembly.Module>>();

class NeedCode extends Error {}
const emit = (event: WorkerEvent) => parentPort?.postMessage(event);

const channel = new BroadcastChannel((workerData as WorkerData).broadcastChannel);
channel.onmessage = (event) => {
  const message = (event as { data: WorkerBroadcast }).data;
  if (message.kind === 'evict') {
    const slot = slots.get(message.componentId);
    if (slot && slot.generation <= message.upTo) slots.delete(message.componentId);
  }
};
channel.unref();

export default async function runTask(task: WorkerTask): Promise<WorkerReply> {
  let warm: Warm;
  try {
    warm = await acquire(task);
  } catch (error) {
    if (error instanceof NeedCode) return { kind: 'need-code' };
    return { kind: 'instantiate-failed', message: messageOf(error) };
  }
  const overAtStart = memoryOver(warm, task);
  if (overAtStart)
    return { kind: task.kind === 'warm' ? 'instantiate-failed' : 'memory-limit', message: overAtStart };
  if (task.kind === 'warm') {
    release(task, warm);
    return { kind: 'ok', payload: new Uint8Array() };
  }
  if (!warm.handler) {
    release(task, warm);
    return { kind: 'handler-error', message: `component does not export ${HANDLER}` };
  }
  warm.ctx.config = task.config;
  let reply: WorkerReply;
  try {
    reply = { kind: 'ok', payload: warm.handler.handle(task.operation, task.payload) };
  } catch (error) {
    // jco throws a ComponentError carrying `payload` for err(...); anything else is a trap.
    if (error instanceof Error && Object.hasOwn(error, 'payload')) {
      reply = { kind: 'handler-error', message: String((error as unknown as { payload: unknown }).payload) };
    } else {
      return { kind: 'trap', message: messageOf(error) };
    }
  }
  const over = memoryOver(warm, task);
  if (over) return { kind: 'memory-limit', message: over };
  release(task, warm);
  return reply;
}

async function acquire(spec: InstanceSpec): Promise<Warm> {
  let slot = slots.get(spec.componentId);
  if (!slot || slot.generation < spec.generation) {
    slot = { generation: spec.generation, idle: [] };
    slots.set(spec.componentId, slot);
  }
  if (slot.generation === spec.generation) {
    const warm = slot.idle.pop();
    if (warm) return warm;
  }
  return instantiate(spec);
}

/** Back to the idle list, unless a newer generation (or an eviction) replaced this one meanwhile. */
function release(spec: InstanceSpec, warm: Warm): void {
  const slot = slots.get(spec.componentId);
  if (slot?.generation === spec.generation) slot.idle.push(warm);
}

async function instantiate(spec: InstanceSpec): Promise<Warm> {
  if (spec.code.modules) codes.set(spec.code.digest, spec.code.modules);
  const modules = codes.get(spec.code.digest);
  if (!modules) throw new NeedCode();
  const ctx: InstanceContext = { componentId: spec.componentId, config: spec.config, emit };
  const imports = hostImports(ctx);
  const missing = spec.code.imports.filter((name) => !(name in imports));
  if (missing.length > 0) throw new Error(`unsupported imports: ${missing.join(', ')}`);
  const { instantiate: create } = (await import(spec.code.moduleUrl)) as Instantiate;
  const memories = new Set<WebAssembly.Memory>();
  const exports = await create(
    (name) => {
      const module = modules[name];
      if (!module) throw new Error(`core module ${name} missing`);
      return module;
    },
    imports,
    async (module, coreImports) => {
      const instance = await WebAssembly.instantiate(module, coreImports);
      for (const value of Object.values(instance.exports)) {
        if (value instanceof WebAssembly.Memory) memories.add(value);
      }
      return instance;
    },
  );
  const handler = (exports[HANDLER] ?? exports.handler) as Handler | undefined;
  return { handler: typeof handler?.handle === 'function' ? handler : undefined, ctx, memories };
}

/** A message when the instance's linear memories exceed the task's ceiling. */
function memoryOver(warm: Warm, spec: InstanceSpec): string | undefined {
  if (spec.maxMemoryBytes === undefined) return undefined;
  let bytes = 0;
  for (const memory of warm.memories) bytes += memory.buffer.byteLength;
  return bytes > spec.maxMemoryBytes
    ? `linear memory ${bytes} bytes exceeds the limit of ${spec.maxMemoryBytes} bytes`
    : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
