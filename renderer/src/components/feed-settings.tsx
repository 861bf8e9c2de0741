import { useEffect, useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import type { DeskFeed, FeedConfig, ImportReport, StoredSeries } from '../../../core/contract/index.js';
import { ENDPOINT_STYLE } from './broker-settings-mode-badge.js';

/** Bar length per interval, to turn "bars per second" into the desk's speed factor (bar time per wall time). */
const INTERVAL_MS: Readonly<Record<StoredSeries['interval'], number>> = {
  '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '1d': 86_400_000,
};
/** The desk refuses larger uploads; checked here too so a huge file is never read into the page. */
const MAX_FILE_BYTES = 20_000_000;

export interface FeedSettingsProps {
  readonly feed: DeskFeed;
  readonly switching: boolean;
  readonly importing: boolean;
  readonly lastImport: ImportReport | undefined;
  readonly onSwitch: (config: FeedConfig) => Promise<string | undefined>;
  readonly onImport: (fileName: string, text: string) => Promise<string | undefined>;
}

/** What runs now, in one line a trader can read. */
export function describeFeed(running: DeskFeed['running']): string {
  if (running.kind === 'simulator') return `Simulator, seed ${running.seed}, ${running.speed}× speed, ${running.interval} bars`;
  if (running.kind === 'replay') {
    const perSecond = (running.speed * 1000) / INTERVAL_MS[running.interval];
    return `Replay of ${running.symbols.join(', ')} (${running.interval}), ${formatRate(perSecond)} bars/s`;
  }
  if (running.kind === 'alpaca') {
    const orders = running.broker === 'alpaca' ? `orders to the Alpaca ${running.account.toUpperCase()} account (${ORDER_HOSTS[running.account]})` : 'simulated fills';
    return `Alpaca ${running.dataFeed ?? 'iex'} minute bars (${running.account} keys): ${running.symbols.join(', ')}; ${orders}`;
  }
  return `${running.name} (${running.interval}): ${running.symbols.join(', ')}`;
}

type FeedKind = FeedConfig['kind'];
/** Alpaca's trading hosts, shown where the trader picks the order route (the renderer sees only the contract). */
const ORDER_HOSTS = { paper: 'paper-api.alpaca.markets', live: 'api.alpaca.markets' } as const;

/** Paper in the header badge's calm colours, live in its armed red: the order route here can send real money. */
const ROUTE_STYLE = { paper: ENDPOINT_STYLE.paper, live: ENDPOINT_STYLE.armed } as const;

const FEED_KINDS: readonly FeedKind[] = ['simulator', 'replay', 'alpaca'];
const asFeedKind = (value: string): FeedKind => FEED_KINDS.find((k) => k === value) ?? 'simulator';

/** Symbols typed as "aapl, msft spy": upper case, each once, in the order given. */
export function parseSymbolList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim().toUpperCase()).filter((s) => s !== ''))];
}

function formatRate(rate: number): string {
  return Number.isInteger(rate) ? String(rate) : rate.toPrecision(3);
}

/** The feed section of the settings: simulator or a replay of stored series, and a CSV import to add series. */
export function FeedSettings({ feed, switching, importing, lastImport, onSwitch, onImport }: FeedSettingsProps) {
  const running = feed.running;
  const [kind, setKind] = useState<FeedKind>(running.kind === 'custom' ? 'simulator' : running.kind);
  const [account, setAccount] = useState<'paper' | 'live'>(running.kind === 'alpaca' ? running.account : 'paper');
  const [dataFeed, setDataFeed] = useState<'iex' | 'sip'>(running.kind === 'alpaca' ? running.dataFeed ?? 'iex' : 'iex');
  const [orders, setOrders] = useState<'simulated' | 'alpaca'>(running.kind === 'alpaca' ? running.broker ?? 'simulated' : 'simulated');
  const [alpacaSymbols, setAlpacaSymbols] = useState(running.kind === 'alpaca' ? running.symbols.join(', ') : 'AAPL, MSFT, SPY');
  const [seed, setSeed] = useState(String(running.kind === 'simulator' ? running.seed : 7));
  const [speed, setSpeed] = useState(String(running.kind === 'simulator' ? running.speed : 60));
  const intervals = useMemo(() => [...new Set(feed.stored.map((s) => s.interval))], [feed.stored]);
  const [interval, setReplayInterval] = useState<StoredSeries['interval'] | undefined>(running.kind === 'replay' ? running.interval : intervals[0]);
  const [picked, setPicked] = useState<readonly string[]>(running.kind === 'replay' ? running.symbols : []);
  const [barsPerSecond, setBarsPerSecond] = useState('2');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>(undefined);
  const [importError, setImportError] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (interval === undefined || !intervals.includes(interval)) setReplayInterval(intervals[0]);
  }, [intervals, interval]);
  const series = feed.stored.filter((s) => s.interval === interval);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let config: FeedConfig;
    if (kind === 'simulator') {
      const seedValue = Number(seed);
      const speedValue = Number(speed);
      if (!(Number.isInteger(seedValue) && seedValue >= 0)) return setMessage({ ok: false, text: 'The seed is a whole number from 0.' });
      if (!(speedValue > 0)) return setMessage({ ok: false, text: 'The speed is a number above 0 (1 = real time).' });
      config = { kind: 'simulator', seed: seedValue, speed: speedValue };
    } else if (kind === 'alpaca') {
      const symbols = parseSymbolList(alpacaSymbols);
      if (symbols.length === 0) return setMessage({ ok: false, text: 'Type at least one symbol, e.g. AAPL, MSFT.' });
      config = { kind: 'alpaca', account, symbols, dataFeed, broker: orders };
    } else {
      const rate = Number(barsPerSecond);
      if (interval === undefined || picked.length === 0) return setMessage({ ok: false, text: 'Pick at least one stored symbol (import a CSV first if there is none).' });
      if (!(rate > 0)) return setMessage({ ok: false, text: 'Bars per second is a number above 0.' });
      config = { kind: 'replay', symbols: [...picked], interval, speed: (rate * INTERVAL_MS[interval]) / 1000 };
    }
    setMessage(undefined);
    const problem = await onSwitch(config);
    setMessage(problem === undefined ? { ok: true, text: 'Switched.' } : { ok: false, text: problem });
  };

  const chooseFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    if (file.size > MAX_FILE_BYTES) return setImportError(`${file.name} is larger than 20 MB; import it with "desk ingest" instead.`);
    setImportError(await onImport(file.name, await file.text()));
  };

  const toggle = (symbol: string, on: boolean) => setPicked((list) => (on ? [...list, symbol] : list.filter((s) => s !== symbol)));

  return (
    <div className="feed-settings" data-testid="feed-settings">
      <form onSubmit={(e) => void submit(e)} aria-label="Feed">
        <h3>Feed</h3>
        <span className="feed-running" data-testid="feed-running">Running: {describeFeed(running)}</span>
        <label className="contents">
          <span>Source</span>
          <select data-testid="feed-kind" value={kind} onChange={(e) => setKind(asFeedKind(e.target.value))}>
            <option value="simulator">Simulator</option>
            <option value="replay">Replay stored bars</option>
            <option value="alpaca">Alpaca (live)</option>
          </select>
        </label>
        {kind === 'alpaca' ? (
          <>
            <label className="contents">
              <span>Keys</span>
              <select data-testid="feed-alpaca-account" value={account} onChange={(e) => setAccount(e.target.value === 'live' ? 'live' : 'paper')}>
                <option value="paper">Paper</option>
                <option value="live">Live</option>
              </select>
            </label>
            <label className="contents">
              <span>Data feed</span>
              <select data-testid="feed-alpaca-data" value={dataFeed} onChange={(e) => setDataFeed(e.target.value === 'sip' ? 'sip' : 'iex')}>
                <option value="iex">IEX (free)</option>
                <option value="sip">SIP (paid)</option>
              </select>
            </label>
            <label className="contents">
              <span>Orders</span>
              <select data-testid="feed-alpaca-orders" value={orders} onChange={(e) => setOrders(e.target.value === 'alpaca' ? 'alpaca' : 'simulated')}>
                <option value="simulated">Simulated</option>
                <option value="alpaca">Alpaca</option>
              </select>
            </label>
            {orders === 'alpaca' ? (
              <strong
                data-testid="feed-alpaca-endpoint"
                data-endpoint={account}
                style={{ ...ROUTE_STYLE[account], gridColumn: '1 / -1', padding: '4px 10px', borderRadius: 6, letterSpacing: 0.3 }}
              >
                {account === 'live'
                  ? `LIVE · real money: confirmed orders go to ${ORDER_HOSTS.live}, and only while live trading is armed for this session`
                  : `PAPER: confirmed orders go to ${ORDER_HOSTS.paper}`}
              </strong>
            ) : null}
            <label className="contents">
              <span>Symbols</span>
              <input data-testid="feed-alpaca-symbols" value={alpacaSymbols} onChange={(e) => setAlpacaSymbols(e.target.value)} />
            </label>
            <span className="muted feed-hint" data-testid="feed-alpaca-hint">Minute bars and news from Alpaca. Keys come from Settings → Broker (or the desk's environment when headless), never from this form.</span>
          </>
        ) : kind === 'simulator' ? (
          <>
            <label className="contents">
              <span>Seed</span>
              <input data-testid="feed-seed" inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value)} />
            </label>
            <label className="contents">
              <span>Speed (1 = real time)</span>
              <input data-testid="feed-speed" inputMode="decimal" value={speed} onChange={(e) => setSpeed(e.target.value)} />
            </label>
          </>
        ) : (
          <>
            <label className="contents">
              <span>Interval</span>
              <select data-testid="feed-interval" value={interval ?? ''} onChange={(e) => { setReplayInterval(intervals.find((i) => i === e.target.value)); setPicked([]); }}>
                {intervals.map((i) => <option key={i} value={i}>{i}</option>)}
              </select>
            </label>
            <fieldset className="feed-series" data-testid="feed-series">
              <legend>Stored symbols</legend>
              {series.length === 0 && <span className="muted">No stored bars yet: import a CSV below.</span>}
              {series.map((s) => (
                <label key={s.symbol} title={`${new Date(s.first).toISOString().slice(0, 10)} – ${new Date(s.last).toISOString().slice(0, 10)}`}>
                  <input type="checkbox" data-testid="feed-symbol" data-symbol={s.symbol} checked={picked.includes(s.symbol)} onChange={(e) => toggle(s.symbol, e.target.checked)} />
                  {s.symbol} <span className="muted">{s.bars} bars</span>
                </label>
              ))}
            </fieldset>
            <label className="contents">
              <span>Bars per second</span>
              <input data-testid="feed-rate" inputMode="decimal" value={barsPerSecond} onChange={(e) => setBarsPerSecond(e.target.value)} />
            </label>
          </>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" data-testid="feed-switch" disabled={switching}>
            {switching ? 'Switching…' : 'Switch feed'}
          </button>
          {message !== undefined && <span className={message.ok ? 'ok-text' : 'error inline'} role="status" data-testid="feed-message">{message.text}</span>}
        </div>
      </form>
      <div className="feed-import" data-testid="csv-import">
        <h3>Import bars (CSV)</h3>
        <span className="muted">date,open,high,low,close,volume — the symbol comes from the file name (TEST.csv → TEST)</span>
        <input type="file" accept=".csv,.txt,text/csv" data-testid="csv-file" disabled={importing} onChange={(e) => void chooseFile(e)} />
        {importing && <span className="muted">Importing…</span>}
        {importError !== undefined && <span className="error inline" role="alert">{importError}</span>}
        {lastImport !== undefined && <ImportResult report={lastImport} />}
      </div>
    </div>
  );
}

function ImportResult({ report }: { readonly report: ImportReport }) {
  if (!report.ok) {
    return (
      <div className="error inline" role="alert" data-testid="import-result" data-stored="0">
        {report.fileName}{report.line === undefined ? '' : ` line ${report.line}`}: nothing stored. {report.message}
      </div>
    );
  }
  return (
    <div data-testid="import-result" data-stored={report.stored} data-rejected={report.rejected}>
      <span className="ok-text">{report.symbol} ({report.interval}): {report.stored} bars stored, {report.rejected} rejected.</span>
      {report.rejections.length > 0 && (
        <ul className="import-rejections">
          {report.rejections.map((r) => (
            <li key={r.line}>line {r.line}: {r.reasons.map((x) => x.message).join('; ')}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
