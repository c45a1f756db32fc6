/**
 * CloudEvent ids as the 1.x host makes them: a ULID (48-bit millisecond time + 80 random bits) printed as a
 * hyphenated lowercase UUID (`Uuid::from_u128(Ulid::new())`), so ids sort by time. Within one millisecond the
 * random part is incremented, so ids from one generator are strictly increasing.
 *
 * Written here rather than taken from the `ulid` package: that package prints Crockford base32 (we need UUID
 * text) and probes for Node's crypto module, while this needs only `crypto.getRandomValues` and runs
 * unchanged in Node, workerd and browsers.
 */

export type EventIdGenerator = (now?: number) => string;

/** A generator with its own monotonic state. */
export function createEventIdGenerator(): EventIdGenerator {
  let lastTime = -1;
  const random = new Uint8Array(10);
  return (now = Date.now()) => {
    const time = Math.max(0, Math.floor(now));
    if (time > lastTime) {
      crypto.getRandomValues(random);
      lastTime = time;
    } else if (!increment(random)) {
      // 2^80 ids in one millisecond: borrow the next millisecond, as monotonic ULID generators do.
      lastTime += 1;
      crypto.getRandomValues(random);
    }
    return formatUuid(lastTime, random);
  };
}

/** The default generator used by `createEvent`. */
export const newEventId: EventIdGenerator = createEventIdGenerator();

function increment(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 1; i >= 0; i--) {
    const value = (bytes[i] as number) + 1;
    bytes[i] = value & 0xff;
    if (value <= 0xff) return true;
  }
  return false;
}

function formatUuid(time: number, random: Uint8Array): string {
  const hex =
    time.toString(16).padStart(12, '0').slice(-12) +
    Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The millisecond timestamp inside an id made by this module (or any ULID-as-UUID). */
export function eventIdTime(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
