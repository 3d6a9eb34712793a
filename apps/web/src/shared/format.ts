const numberFormat = new Intl.NumberFormat('en-GB');

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

function safeDate(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** An instant in the given time zone (the operation's), or the browser's; ISO if the zone is unknown. */
function formatInstant(iso: string, timeZone: string | undefined, options: Intl.DateTimeFormatOptions): string {
  const d = safeDate(iso);
  if (!d) return iso;
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(d);
  } catch {
    return d.toISOString();
  }
}

/** "23 Nov, 14:05". */
export function formatDateTime(iso: string, timeZone?: string): string {
  return formatInstant(iso, timeZone, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function formatDate(iso: string, timeZone?: string): string {
  const d = safeDate(iso);
  if (!d) return iso;
  try {
    return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(d);
  } catch {
    return d.toISOString().slice(0, 10);
  }
}

/** "14:05:09": for the live feed. */
export function formatTime(iso: string, timeZone?: string): string {
  const d = safeDate(iso);
  if (!d) return iso;
  try {
    return new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZone,
    }).format(d);
  } catch {
    return d.toISOString().slice(11, 19);
  }
}

/** The wall-clock fields of an instant in `timeZone` (the browser's when undefined). */
function wallClock(date: Date, timeZone?: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Offset of `timeZone` from UTC at `utcMs`, in ms. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const w = wallClock(new Date(utcMs), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * An ISO instant as the value of an <input type="datetime-local"> ("2025-03-01T08:05:09") in the
 * given time zone (the browser's by default); the inverse of zonedLocalToIso. Empty for
 * something that is not a date.
 */
export function isoToLocalInput(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const w = wallClock(d, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

const DAY_MS = 86_400_000;

/**
 * A wall-clock time typed in an <input type="datetime-local"> ("2025-03-01T08:00"), read in the
 * operation's time zone, as an ISO 8601 UTC string. Null when the input is not a date.
 *
 * Around a change of daylight saving time it reads like browsers and Temporal ("compatible"): a
 * time that happens twice (fall back) is its first occurrence; a time that does not exist (spring
 * forward) moves forward by the length of the gap (02:30 -> 03:30), in every zone alike.
 */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  try {
    // The offsets a day either side: at most one change lies between them.
    const before = zoneOffsetMs(wall - DAY_MS, timeZone);
    const after = zoneOffsetMs(wall + DAY_MS, timeZone);
    // The instants whose wall clock in the zone is `wall`: one, two (overlap) or none (gap).
    const matching = [wall - before, wall - after].filter((utc) => wall - utc === zoneOffsetMs(utc, timeZone));
    const utc = matching.length > 0 ? Math.min(...matching) : wall - before;
    return new Date(utc).toISOString();
  } catch {
    return null;
  }
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** "a, b , c" -> ["a", "b", "c"] */
export function splitList(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** A trimmed text input as an optional field: blank means absent. */
export function optionalText(value: string): string | undefined {
  const t = value.trim();
  return t ? t : undefined;
}

/** A number input as an optional integer field; garbage is kept as NaN for the schema to reject. */
export function optionalInt(value: string): number | undefined {
  const t = value.trim();
  if (!t) return undefined;
  return Number(t);
}

/** "23 Nov 2026, 18:00:05": an instant that is quoted (a closing time), with the year and seconds. */
export function formatDateTimeFull(iso: string, timeZone?: string): string {
  return formatInstant(iso, timeZone, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "23 November 2026", or "23 – 25 November 2026" / "30 November – 2 December 2026" for several days. */
export function formatDateRange(startIso: string, endIso: string, timeZone?: string): string {
  const start = safeDate(startIso);
  const end = safeDate(endIso);
  if (!start || !end) return `${startIso} – ${endIso}`;
  try {
    return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).formatRange(start, end);
  } catch {
    return `${start.toISOString().slice(0, 10)} – ${end.toISOString().slice(0, 10)}`;
  }
}
