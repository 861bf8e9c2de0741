/** Requests of backtests, walk-forward and stress tests (issue 8). Names only: the preload imports this without zod. */
export const BACKTEST_REQUEST_NAMES = ['backtest.run', 'backtest.result', 'backtest.cancel'] as const;
/** Streams of backtests, walk-forward and stress tests (issue 8). */
export const BACKTEST_STREAM_NAMES = ['backtest.progress'] as const;
