/** Seconds left until an ISO instant (never negative), or null without a deadline. */
export function secondsLeft(closesAt: string | null | undefined, now: number = Date.now()): number | null {
  if (!closesAt) return null;
  const t = Date.parse(closesAt);
  if (Number.isNaN(t)) return null;
  return Math.max(0, Math.ceil((t - now) / 1000));
}

/** 75 → "01:15", 3725 → "1:02:05"; negative or fractional input is clamped and rounded up. */
export function formatCountdown(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(Number.isFinite(totalSeconds) ? totalSeconds : 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${two(m)}:${two(sec)}`;
}

/** Time since an ISO instant, for the host's step timer ("12:34"); "—" without a start. */
export function formatElapsed(since: string | null | undefined, now: number = Date.now()): string {
  if (!since) return '—';
  const t = Date.parse(since);
  if (Number.isNaN(t)) return '—';
  return formatCountdown(Math.max(0, Math.floor((now - t) / 1000)));
}
