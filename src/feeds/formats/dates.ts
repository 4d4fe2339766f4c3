const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
  // German, French and Spanish spellings that are not already covered by their first three letters.
  m\u00E4r: 3, mrz: 3, mai: 5, okt: 10, dez: 12, janv: 1, f\u00E9vr: 2, f\u00E9v: 2, avr: 4, juin: 6, juil: 7, ao\u00FB: 8, d\u00E9c: 12,
  ene: 1, abr: 4, ago: 8, dic: 12,
};

const DAY_NAME = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$/i;

// Hours east of UTC. Ambiguous abbreviations take their most common meaning in English-language feeds.
const ZONES: Record<string, number> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0,
  edt: -4, est: -5, cdt: -5, cst: -6, mdt: -6, mst: -7, pdt: -7, pst: -8, akdt: -8, akst: -9, hst: -10,
  adt: -3, ast: -4, ndt: -2.5, nst: -3.5,
  bst: 1, ist: 5.5, cet: 1, cest: 2, met: 1, mest: 2, mez: 1, mesz: 2, west: 1, eet: 2, eest: 3, msk: 3,
  sgt: 8, hkt: 8, awst: 8, jst: 9, kst: 9, acst: 9.5, acdt: 10.5, aest: 10, aedt: 11, nzst: 12, nzdt: 13,
};

function twoDigitYear(year: number, digits: number): number {
  if (digits > 2) return year;
  return year < 50 ? 2000 + year : 1900 + year;
}

function offsetMinutes(sign: string, hours: string, minutes: string | undefined): number {
  const magnitude = Number(hours) * 60 + Number(minutes ?? 0);
  return sign === '-' ? -magnitude : magnitude;
}

/** Minutes east of UTC for a zone token, or undefined if the token is not a zone. */
function parseZone(token: string): number | undefined {
  const numeric = /^(?:(?:gmt|utc|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(token);
  if (numeric) {
    const [, sign = '+', hours = '0', minutes] = numeric;
    // "+0200" arrives as hours "02", minutes "00"; "+200" or "+2" as hours only.
    if (minutes === undefined && hours.length <= 2) return offsetMinutes(sign, hours, undefined);
    return offsetMinutes(sign, hours, minutes);
  }
  const named = ZONES[token.toLowerCase()];
  return named === undefined ? undefined : named * 60;
}

function build(parts: { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number; offset: number }): string | undefined {
  const { year, month, day, hour, minute, offset } = parts;
  const second = Math.min(parts.second, 59);
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, parts.ms);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return undefined;
  const date = new Date(utc - offset * 60_000);
  return Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
}

const ISO = /^(\d{4})(?:[-/.]?(\d{2})(?:[-/.]?(\d{2}))?)?(?:(?:T|\s+)(\d{1,2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|UT|[+-]\d{1,2}(?::?\d{2})?)?$/i;

function parseIso(text: string): string | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  return build({
    year: Number(year),
    month: Number(month ?? 1),
    day: Number(day ?? 1),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    ms: fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0,
    offset: zone ? (parseZone(zone) ?? 0) : 0,
  });
}

const TIME = /(\d{1,2})[:.h](\d{2})(?:[:.](\d{2})(?:[.,]\d+)?)?(?:\s*([ap])\.?m\.?\b)?/i;

/** RFC 822 and the shapes feeds actually send: no day name, two-digit years, named or "GMT+2" zones, no seconds, US "Jan 2, 2006", asctime. */
function parseLoose(text: string): string | undefined {
  const cleaned = text.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  const time = TIME.exec(cleaned);
  const before = time ? cleaned.slice(0, time.index) : cleaned;
  const after = time ? cleaned.slice(time.index + time[0].length) : '';
  let offset: number | undefined;
  const dateTokens: string[] = [];
  for (const token of before.split(/[\s,/-]+/)) if (token !== '') dateTokens.push(token);
  // A zone and, for asctime, the year follow the time; "GMT +2" is split, so join it back first.
  for (const token of after.replace(/\b(gmt|utc|ut)\s+([+-])/gi, '$1$2').split(/[\s,]+/)) {
    if (token === '') continue;
    const zone = parseZone(token);
    if (zone !== undefined && offset === undefined) offset = zone;
    else if (/^\d{2,4}$/.test(token)) dateTokens.push(token);
    else if (/^[a-z]+$/i.test(token)) continue;
    else return undefined;
  }
  let month: number | undefined;
  const numbers: string[] = [];
  for (const token of dateTokens) {
    if (/^\d+$/.test(token)) numbers.push(token);
    else if (DAY_NAME.test(token)) continue;
    else {
      const name = token.toLowerCase().replace(/\.$/, '');
      const known = MONTHS[name] ?? MONTHS[name.slice(0, 4)] ?? MONTHS[name.slice(0, 3)];
      if (known === undefined || month !== undefined) return undefined;
      month = known;
    }
  }
  let day: string | undefined;
  let year: string | undefined;
  if (month === undefined) {
    // Numeric dates are read only in the unambiguous year-first order.
    const [first, second, third] = numbers;
    if (numbers.length !== 3 || first === undefined || first.length !== 4) return undefined;
    year = first;
    month = Number(second);
    day = third;
  } else {
    if (numbers.length !== 2) return undefined;
    const [first = '', second = ''] = numbers;
    [day, year] = first.length >= 3 ? [second, first] : [first, second];
  }
  if (day === undefined || year === undefined || day.length > 2) return undefined;
  let hour = time ? Number(time[1]) : 0;
  const meridiem = time?.[4]?.toLowerCase();
  if (meridiem === 'p' && hour < 12) hour += 12;
  if (meridiem === 'a' && hour === 12) hour = 0;
  return build({
    year: twoDigitYear(Number(year), year.length),
    month,
    day: Number(day),
    hour,
    minute: time ? Number(time[2]) : 0,
    second: time?.[3] ? Number(time[3]) : 0,
    ms: 0,
    offset: offset ?? 0,
  });
}

/** ISO 8601 (toISOString) for the date formats feeds use, or undefined when the text is not a date we can be sure of. Dates without a zone are read as UTC. */
export function parseFeedDate(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 100) return undefined;
  return parseIso(trimmed) ?? parseLoose(trimmed);
}
