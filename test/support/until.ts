// Waiting for work a test does not drive itself (the score keeper, a background job) to show its result.

/** Asks `what` every 20 ms until it answers something, for at most `ms`. */
export async function until<T>(what: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
