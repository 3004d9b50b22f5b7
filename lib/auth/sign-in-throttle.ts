/*
 * Sign-in throttling: failed attempts per client and over all clients. After FREE_FAILURES failed
 * attempts a client must wait, and the wait doubles with every further failure (1 s, 2 s, 4 s … up
 * to MAX_DELAY_SECONDS); during a wait an attempt is refused without looking at the token, so
 * guessing stalls. The global limit (every client together, GLOBAL_FREE_FAILURES before the same
 * doubling) stops a guesser that rotates its client address (the address comes from
 * X-Forwarded-For, which a client without a proxy in front can set). A success clears the client.
 * In memory: a restart forgets the counts, which only helps a guesser as much as the restart costs.
 */

export const FREE_FAILURES = 3;
export const GLOBAL_FREE_FAILURES = 30;
export const MAX_DELAY_SECONDS = 15 * 60;
const MAX_CLIENTS = 10_000;

interface Failures {
  count: number;
  /** Epoch ms before which attempts are refused. */
  lockedUntil: number;
}

export class SignInThrottle {
  private readonly clients = new Map<string, Failures>();
  private readonly global: Failures = { count: 0, lockedUntil: 0 };

  constructor(
    private readonly free = FREE_FAILURES,
    private readonly globalFree = GLOBAL_FREE_FAILURES,
  ) {}

  /** Seconds the client must still wait (0: it may try now). */
  waitSeconds(client: string, now = Date.now()): number {
    const entry = this.clients.get(client);
    const until = Math.max(entry?.lockedUntil ?? 0, this.global.lockedUntil);
    return until > now ? Math.ceil((until - now) / 1000) : 0;
  }

  /** Records a failed attempt; returns the wait it imposes, in seconds. */
  failure(client: string, now = Date.now()): number {
    let entry = this.clients.get(client);
    if (!entry) {
      if (this.clients.size >= MAX_CLIENTS) this.clients.delete(this.clients.keys().next().value!);
      entry = { count: 0, lockedUntil: 0 };
      this.clients.set(client, entry);
    }
    for (const [failures, free] of [[entry, this.free], [this.global, this.globalFree]] as const) {
      failures.count++;
      if (failures.count > free) failures.lockedUntil = now + 1000 * Math.min(MAX_DELAY_SECONDS, 2 ** (failures.count - free - 1));
    }
    return this.waitSeconds(client, now);
  }

  success(client: string): void {
    this.clients.delete(client);
  }
}

/** The client of a request for throttling: the first X-Forwarded-For address (Next sets it to the peer when absent). */
export function clientKey(forwardedFor: string | null): string {
  return (forwardedFor ?? "").split(",")[0].trim().slice(0, 64) || "unknown";
}
