// humantime's calendar: a year is 365.25 days, a month 30.44 days (in seconds).
const YEAR = 31_557_600;
const MONTH = 2_630_016;
const DAY = 86_400;

/**
 * Whole seconds as Rust's `humantime::format_duration` prints them, which is what 1.x hosts put in
 * `uptime_human`: `0s`, `1h 2m 3s`, `2days 3h 4m 5s`, `1year 1month 1day`.
 */
export function uptimeHuman(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  const years = Math.floor(rest / YEAR);
  rest %= YEAR;
  const months = Math.floor(rest / MONTH);
  rest %= MONTH;
  const days = Math.floor(rest / DAY);
  rest %= DAY;
  const parts: string[] = [];
  const plural = (value: number, name: string) => {
    if (value > 0) parts.push(`${value}${name}${value > 1 ? 's' : ''}`);
  };
  const unit = (value: number, name: string) => {
    if (value > 0) parts.push(`${value}${name}`);
  };
  plural(years, 'year');
  plural(months, 'month');
  plural(days, 'day');
  unit(Math.floor(rest / 3600), 'h');
  unit(Math.floor((rest % 3600) / 60), 'm');
  unit(rest % 60, 's');
  return parts.length === 0 ? '0s' : parts.join(' ');
}
