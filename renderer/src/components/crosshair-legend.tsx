import type { BarDto } from '../../../core/contract/index.js';

const price = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const volume = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** OHLCV of the bar under the crosshair (or the latest bar when the pointer is off the chart). */
export function CrosshairLegend({ bar }: { readonly bar: BarDto | undefined }) {
  if (bar === undefined) return null;
  const up = bar.close >= bar.open;
  const time = new Date(bar.time).toISOString().slice(0, 16).replace('T', ' ');
  return (
    <div className="legend" data-testid="crosshair-legend" data-time={bar.time} aria-live="off">
      <span className="muted">{time} UTC</span>
      <span>O {price.format(bar.open)}</span>
      <span>H {price.format(bar.high)}</span>
      <span>L {price.format(bar.low)}</span>
      <span className={up ? 'up' : 'down'}>C {price.format(bar.close)}</span>
      <span>V {volume.format(bar.volume)}</span>
    </div>
  );
}
