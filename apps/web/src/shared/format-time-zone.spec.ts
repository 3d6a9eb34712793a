import { formatDateTime, isoToLocalInput, zonedLocalToIso } from './format';

/**
 * Wall-clock times of an operation's time zone (the coordinator types "08:00" for the operation's
 * zone in <input type="datetime-local">) and the instants the API stores, around the changes of
 * daylight saving time. A wall time that does not exist (spring forward) or happens twice (fall
 * back) is read the way browsers, RFC 5545 and Temporal ("compatible") read it: a time in the gap
 * moves forward by the length of the gap; a repeated time is its first occurrence.
 *
 * 2026: the EU changes at 01:00 UTC on 29 March and 25 October; the US on 8 March and 1 November.
 */

const HOUR = 3_600_000;

describe('zonedLocalToIso outside the changes', () => {
  it.each([
    ['Europe/Amsterdam', '2026-03-28T08:00', '2026-03-28T07:00:00.000Z'],
    ['Europe/Amsterdam', '2026-03-30T08:00', '2026-03-30T06:00:00.000Z'],
    ['Europe/London', '2026-03-28T08:00', '2026-03-28T08:00:00.000Z'],
    ['Europe/London', '2026-07-01T08:00', '2026-07-01T07:00:00.000Z'],
    ['Europe/Kyiv', '2026-03-28T08:00', '2026-03-28T06:00:00.000Z'],
    ['Europe/Kyiv', '2026-07-01T08:00', '2026-07-01T05:00:00.000Z'],
    ['Europe/Amsterdam', '2026-10-25T04:30:15', '2026-10-25T03:30:15.000Z'],
  ])('%s %s is %s', (zone, local, iso) => {
    expect(zonedLocalToIso(local, zone)).toBe(iso);
  });

  it('is null for what is not a wall time or not a zone', () => {
    expect(zonedLocalToIso('2026-03-29', 'Europe/Amsterdam')).toBeNull();
    expect(zonedLocalToIso('29/03/2026 08:00', 'Europe/Amsterdam')).toBeNull();
    expect(zonedLocalToIso('2026-03-29T08:00', 'Europe/Atlantis')).toBeNull();
  });
});

describe('spring forward: a wall time in the gap does not exist', () => {
  it.each([
    // zone, the missing wall time, the instant (the same clock time one hour later), read back
    ['Europe/Amsterdam', '2026-03-29T02:30', '2026-03-29T01:30:00.000Z', '2026-03-29T03:30:00'],
    ['Europe/Amsterdam', '2026-03-29T02:00', '2026-03-29T01:00:00.000Z', '2026-03-29T03:00:00'],
    ['Europe/London', '2026-03-29T01:30', '2026-03-29T01:30:00.000Z', '2026-03-29T02:30:00'],
    ['Europe/Kyiv', '2026-03-29T03:30', '2026-03-29T01:30:00.000Z', '2026-03-29T04:30:00'],
    ['America/New_York', '2026-03-08T02:30', '2026-03-08T07:30:00.000Z', '2026-03-08T03:30:00'],
  ])('%s %s moves forward by the gap: %s (%s there)', (zone, local, iso, readBack) => {
    expect(zonedLocalToIso(local, zone)).toBe(iso);
    expect(isoToLocalInput(iso, zone)).toBe(readBack);
  });

  it('the minutes either side of the gap stay where they are (Europe/Amsterdam)', () => {
    expect(zonedLocalToIso('2026-03-29T01:59', 'Europe/Amsterdam')).toBe(
      '2026-03-29T00:59:00.000Z',
    );
    expect(zonedLocalToIso('2026-03-29T03:00', 'Europe/Amsterdam')).toBe(
      '2026-03-29T01:00:00.000Z',
    );
  });

  it('an action day from midnight to midnight on the day of the change lasts 23 hours', () => {
    const start = zonedLocalToIso('2026-03-29T00:00', 'Europe/Amsterdam') ?? '';
    const end = zonedLocalToIso('2026-03-30T00:00', 'Europe/Amsterdam') ?? '';
    expect(Date.parse(end) - Date.parse(start)).toBe(23 * HOUR);
  });
});

describe('fall back: a wall time in the overlap happens twice', () => {
  it.each([
    // zone, the repeated wall time, its first occurrence (summer time)
    ['Europe/Amsterdam', '2026-10-25T02:30', '2026-10-25T00:30:00.000Z'],
    ['Europe/Amsterdam', '2026-10-25T02:00', '2026-10-25T00:00:00.000Z'],
    ['Europe/Amsterdam', '2026-10-25T02:59:59', '2026-10-25T00:59:59.000Z'],
    ['Europe/London', '2026-10-25T01:30', '2026-10-25T00:30:00.000Z'],
    ['Europe/Kyiv', '2026-10-25T03:30', '2026-10-25T00:30:00.000Z'],
    ['America/New_York', '2026-11-01T01:30', '2026-11-01T05:30:00.000Z'],
  ])('%s %s is its first occurrence, %s', (zone, local, iso) => {
    expect(zonedLocalToIso(local, zone)).toBe(iso);
    // Both occurrences read back as the same wall time: the input cannot tell them apart.
    const asTyped = local.length === 16 ? `${local}:00` : local;
    expect(isoToLocalInput(iso, zone)).toBe(asTyped);
    expect(isoToLocalInput(new Date(Date.parse(iso) + HOUR).toISOString(), zone)).toBe(asTyped);
  });

  it('the minutes either side of the overlap stay where they are (Europe/Amsterdam)', () => {
    expect(zonedLocalToIso('2026-10-25T01:59', 'Europe/Amsterdam')).toBe(
      '2026-10-24T23:59:00.000Z',
    );
    expect(zonedLocalToIso('2026-10-25T03:00', 'Europe/Amsterdam')).toBe(
      '2026-10-25T02:00:00.000Z',
    );
  });

  it('an action day from midnight to midnight on the day of the change lasts 25 hours', () => {
    const start = zonedLocalToIso('2026-10-25T00:00', 'Europe/Amsterdam') ?? '';
    const end = zonedLocalToIso('2026-10-26T00:00', 'Europe/Amsterdam') ?? '';
    expect(Date.parse(end) - Date.parse(start)).toBe(25 * HOUR);
  });
});

describe('every existing wall time around the changes reads back as typed', () => {
  const days: [string, string][] = [
    ['Europe/Amsterdam', '2026-03-29'],
    ['Europe/Amsterdam', '2026-10-25'],
    ['Europe/London', '2026-03-29'],
    ['Europe/London', '2026-10-25'],
    ['Europe/Kyiv', '2026-03-29'],
    ['Europe/Kyiv', '2026-10-25'],
    ['America/New_York', '2026-03-08'],
    ['America/New_York', '2026-11-01'],
  ];
  it.each(days)('%s on %s, every 10 minutes', (zone, day) => {
    const wrong: string[] = [];
    for (let m = 0; m < 24 * 60; m += 10) {
      const local = `${day}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      const iso = zonedLocalToIso(local, zone);
      const back = iso ? isoToLocalInput(iso, zone) : '';
      // A time in the gap reads back one hour later; every other one as typed.
      const later = isoToLocalInput(
        new Date(Date.parse(`${local}:00Z`) + HOUR).toISOString(),
        'UTC',
      );
      if (back !== `${local}:00` && back !== later) wrong.push(`${local} -> ${iso} -> ${back}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('formatDateTime in the operation zone', () => {
  it('shows the clock of the zone either side of the change, whatever the browser zone', () => {
    expect(formatDateTime('2026-03-29T00:30:00.000Z', 'Europe/Amsterdam')).toBe('29 Mar, 01:30');
    expect(formatDateTime('2026-03-29T01:30:00.000Z', 'Europe/Amsterdam')).toBe('29 Mar, 03:30');
    expect(formatDateTime('2026-03-29T01:30:00.000Z', 'Europe/Kyiv')).toBe('29 Mar, 04:30');
    expect(formatDateTime('2026-10-25T00:30:00.000Z', 'Europe/London')).toBe('25 Oct, 01:30');
    expect(formatDateTime('2026-10-25T01:30:00.000Z', 'Europe/London')).toBe('25 Oct, 01:30');
  });
});
