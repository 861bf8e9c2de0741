const NEW_YORK = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/**
 * US regular trading hours, 09:30–16:00 New York time on weekdays. Holidays and half days are not known here,
 * so on a holiday the watchdog may reconnect a quiet stream a few times (bounded by the backoff) and the gate
 * reports quotes as stale, which holds back entries on a day nothing trades anyway.
 */
export function usRegularHours(ms: number): boolean {
  const parts = NEW_YORK.formatToParts(ms);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = get('weekday');
  if (weekday === 'Sat' || weekday === 'Sun') return false;
  const minutes = Number(get('hour')) * 60 + Number(get('minute'));
  return minutes >= 9 * 60 + 30 && minutes < 16 * 60;
}
