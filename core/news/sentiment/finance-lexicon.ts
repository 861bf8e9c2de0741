/**
 * The desk's own finance lexicon, written for this project (not derived from any published word list).
 * Words are read from an investor's point of view: "loss" is bad news, "loss narrowed" good news.
 *
 * Four kinds of entry:
 * - MOVES: words that say a quantity went up (+1) or down (-1): "rose", "fell", "narrowed", "doubled".
 * - QUANTITIES: what moved, and whether more of it is good (+1) or bad (-1) for the holder:
 *   "profit" (+1), "loss" (-1). A move bound to a quantity scores move × quantity.
 * - WORDS: words with a tone of their own, weighted about -3..+3 ("bankruptcy" -3, "record" +1.5).
 * - PHRASES: several words read together, longest match first ("profit warning", "lay off").
 * Inflections are spelled out rather than stemmed: a stemmer maps "shares" and "share" together but also
 * "operations" onto "operate", and the explicit list is easier to review.
 */

/** Forms of one word, so every entry lists its inflections in one place. */
const forms = (...words: string[]): string[] => words;

const UP = forms(
  'rise', 'rises', 'rose', 'risen', 'rising', 'increase', 'increases', 'increased', 'increasing',
  'grow', 'grows', 'grew', 'grown', 'growing', 'climb', 'climbs', 'climbed', 'climbing', 'jump', 'jumps', 'jumped',
  'soar', 'soars', 'soared', 'soaring', 'surge', 'surges', 'surged', 'surging', 'gain', 'gains', 'gained',
  'advance', 'advanced', 'advances', 'up', 'higher', 'highest', 'double', 'doubled', 'doubles', 'tripled',
  'rebound', 'rebounded', 'rebounds', 'recover', 'recovered', 'recovers', 'widen', 'widened', 'widens', 'widening',
  'expand', 'expanded', 'expands', 'expanding', 'boost', 'boosted', 'boosts', 'raise', 'raised', 'raises',
  'improve', 'improved', 'improves', 'improving', 'strengthen', 'strengthened', 'accelerate', 'accelerated',
  'exceed', 'exceeded', 'exceeds', 'topped', 'outperform', 'outperformed', 
  'upturn', 'spike', 'spiked', 'peak', 'skyrocketed', 'swelled', 'quadrupled', 'tightened', 'tighten', 'tightening',
  'extend', 'extends', 'extended', 'lift', 'lifted', 'lifts', 'strengthening', 'expansion', 
);

const DOWN = forms(
  'fall', 'falls', 'fell', 'fallen', 'falling', 'decrease', 'decreases', 'decreased', 'decreasing',
  'decline', 'declines', 'declined', 'declining', 'drop', 'drops', 'dropped', 'dropping', 'down', 'lower', 'lowest',
  'slip', 'slips', 'slipped', 'slide', 'slid', 'slides', 'plunge', 'plunged', 'plunges', 'plummet', 'plummeted',
  'tumble', 'tumbled', 'tumbles', 'sink', 'sank', 'sinks', 'slump', 'slumped', 'slumps', 'shrink', 'shrank',
  'shrunk', 'shrinks', 'contracted', 'narrow', 'narrowed', 'narrows', 'narrowing',
  'reduce', 'reduced', 'reduces', 'reducing', 'reduction', 'cut', 'cuts', 'cutting', 'lowered', 'lowers',
  'weaken', 'weakened', 'weakens', 'halve', 'halved', 'ease', 'eased', 'eases', 'dip', 'dipped', 'dips',
  'erode', 'eroded', 'downturn', 'contraction', 'deteriorate', 'deteriorated', 'worsened',
  'slowed', 'slow', 'slows', 'slowdown', 'retreat', 'retreated', 'lost', 'lose', 'loses', 'losing', 'shed',
);

const GOOD = forms(
  'profit', 'profits', 'profitability', 'sales', 'revenue', 'revenues', 'earnings', 'income', 'ebit', 'ebitda',
  'eps', 'margin', 'margins', 'orders', 'order', 'intake', 'backlog', 'dividend', 'dividends', 'share', 'shares',
  'stock', 'turnover', 'result', 'results', 'demand', 'deliveries', 'volumes', 'volume', 'production', 'output',
  'capacity', 'customers', 'subscribers', 'traffic', 'bookings', 'market', 'value', 'cash', 'flow', 'return',
  'returns', 'productivity', 'efficiency', 'occupancy', 'liquidity', 'solvency', 'growth', 'outlook', 'guidance',
  'forecast', 'price', 'prices', 'rating', 'competitiveness', 'presence', 'passengers', 'valuation', 'equity',
  'yield', 'visitors', 'users', 'performance', 'stake', 'holding', 'ownership', 'staff', 'jobs', 'workforce',
  'personnel', 'employees', 'headcount', 'people', 'persons', 'workers', 'offering', 'operations', 'business',
  'footprint', 'network', 'portfolio', 'exports', 'investments', 'assets', 'wages',
);

const BAD = forms(
  'loss', 'losses', 'cost', 'costs', 'expenses', 'expense', 'debt', 'debts', 'deficit', 'unemployment',
  'impairment', 'impairments', 'writedown', 'write-down', 'write-downs', 'charges', 'charge', 'risk', 'risks',
  'liabilities', 'inventories', 'layoffs', 'lay-offs', 'redundancies', 'gearing', 'leverage', 'provisions', 'delays',
  'defaults', 'churn', 'uncertainty', 'pressure', 'taxes', 'competition', 'unemployed', 'injuries', 'accidents',
  'ratio',
);

/** Direction of a move word: +1 up, -1 down. */
export const MOVES: ReadonlyMap<string, 1 | -1> = new Map<string, 1 | -1>([
  ...UP.map((w) => [w, 1] as [string, 1]),
  ...DOWN.map((w) => [w, -1] as [string, -1]),
]);

/** Whether more of a quantity is good (+1) or bad (-1) for a holder of the company's shares. */
export const QUANTITIES: ReadonlyMap<string, 1 | -1> = new Map<string, 1 | -1>([
  ...GOOD.map((w) => [w, 1] as [string, 1]),
  ...BAD.map((w) => [w, -1] as [string, -1]),
]);

/**
 * Bottom-line quantities: an investor reads a move in profit above one in sales ("operating profit decreased
 * while net sales increased" is bad news), so a move bound to one of these weighs more.
 */
export const BOTTOM_LINE: ReadonlySet<string> = new Set([
  'profit', 'profits', 'profitability', 'earnings', 'income', 'ebit', 'ebitda', 'eps', 'margin', 'margins', 'result',
  'results', 'loss', 'losses',
]);

/** Words with a tone of their own, read when no move claims them. */
export const WORDS: ReadonlyMap<string, number> = new Map<string, number>([
  // Results and deals.
  ['record', 1.5], ['strong', 1.5], ['stronger', 1.5], ['strongest', 1.5], ['robust', 1.5], ['solid', 1],
  ['success', 2], ['successful', 2], ['successfully', 1.5], ['win', 2], ['wins', 2], ['won', 2], ['winning', 1.5],
  ['award', 1.5], ['awarded', 1.5], ['beat', 2], ['beats', 2], ['upgrade', 2], ['upgrades', 2], ['upgraded', 2],
  ['outperform', 2], ['buy', 0.5], ['positive', 1.5], ['favorable', 1.5], ['favourable', 1.5], ['good', 1.5],
  ['better', 1.5], ['best', 1.5], ['excellent', 2], ['healthy', 1], ['benefit', 1], ['benefits', 1],
  ['benefited', 1.5], ['benefit-from', 1], ['profitable', 1.5], ['optimistic', 1.5], ['confident', 1.5],
  ['breakthrough', 2], ['milestone', 1], ['approval', 1.5], ['approved', 1], ['clears', 1], ['cleared', 1],
  ['boost', 1.5], ['boosted', 1.5], ['gain', 1], ['gains', 1], ['rally', 1.5], ['rallied', 1.5],
  ['buyback', 1.5], ['repurchase', 1], ['opportunity', 1], ['opportunities', 1], ['attractive', 1],
  ['improvement', 1.5], ['improvements', 1.5], ['improved', 1.5], ['recovery', 1], ['upbeat', 1.5],
  ['exceeded', 1.5], ['surpassed', 1.5], ['tops', 1], ['leading', 0.5], ['leader', 0.5], ['secure', 1],
  ['secured', 1], ['expansion', 1], ['growth', 1], ['grew', 1], ['agreement', 0.3], ['contract', 0.3],
  ['order', 0.3], ['orders', 0.3], ['signed', 0.5], ['launch', 0.3], ['launched', 0.3], ['innovative', 1],
  ['strengthen', 1], ['strengthens', 1], ['strengthened', 1], ['efficient', 0.5], ['savings', 1],
  ['dividend', 0.5], ['bonus', 0.5], ['raised', 0.5], ['outperformed', 2], ['surge', 1.5], ['surged', 1.5],
  ['soared', 1.5], ['jumped', 1.5], ['rose', 1], ['increased', 1], ['up', 0.5], ['higher', 1], ['doubled', 1.5],
  // Trouble.
  ['loss', -1.5], ['losses', -1.5], ['weak', -1.5], ['weaker', -1.5], ['weakness', -1.5], ['poor', -2],
  ['bankruptcy', -3], ['bankrupt', -3], ['insolvency', -3], ['default', -2], ['defaulted', -2.5],
  ['lawsuit', -2], ['sued', -2], ['sues', -2], ['litigation', -1.5], ['penalty', -2],
  ['probe', -2], ['investigation', -1.5], ['fraud', -3], ['scandal', -3], ['recall', -2], ['recalls', -2],
  ['fined', -2],
  ['warning', -2], ['warns', -2], ['warned', -2], ['downgrade', -2], ['downgrades', -2], ['downgraded', -2],
  ['miss', -2], ['misses', -2], ['missed', -2], ['disappointing', -2], ['disappointed', -2], ['disappoint', -2],
  ['negative', -1.5], ['adverse', -1.5], ['adversely', -1.5], ['unfavorable', -1.5], ['unfavourable', -1.5],
  ['difficult', -1.5], ['difficulties', -1.5], ['challenging', -1], ['problems', -1.5], ['problem', -1.5],
  ['layoffs', -2], ['lay-offs', -2], ['redundancies', -2], ['redundancy', -1.5], ['dismissals', -2],
  ['dismiss', -1.5], ['strike', -1.5], ['strikes', -1.5], ['closure', -1.5], ['close-down', -1.5],
  ['shutdown', -1.5], ['halt', -1.5], ['halted', -1.5], ['suspend', -1.5], ['suspended', -1.5],
  ['resign', -1], ['resigns', -1], ['resigned', -1], ['unexpectedly', -0.5], ['concern', -1], ['concerns', -1],
  ['worried', -1.5], ['fears', -1.5], ['fear', -1.5], ['crisis', -2], ['recession', -2], ['slowdown', -1.5],
  ['downturn', -1.5], ['impairment', -1.5], ['writedown', -1.5], ['write-down', -1.5], ['deficit', -1.5],
  ['unprofitable', -2], ['worse', -1.5], ['worst', -2], ['bad', -1.5], ['fell', -1], ['decreased', -1],
  ['declined', -1], ['dropped', -1], ['plunged', -2], ['slumped', -2], ['tumbled', -2], ['down', -0.5],
  ['lower', -1], ['cut', -1], ['cuts', -1], ['reduced', -0.5], ['delay', -1], ['delayed', -1], ['delays', -1],
  ['risk', -0.5], ['volatile', -1], ['uncertain', -1], ['uncertainty', -1], ['terminate', -1],
  ['terminated', -1.5], ['cancelled', -1.5], ['canceled', -1.5], ['lost', -1.5], ['decline', -1],
  ['fail', -2], ['fails', -2], ['failed', -2], ['failure', -2], ['shortfall', -2], ['dilution', -1.5],
  ['sell', -0.5], ['underperform', -2], ['lawsuits', -2], ['restructuring', -0.5], ['cutbacks', -1.5],
  ['temporarily', -0.3], ['laying', -1], ['lay-off', -2], ['struggled', -1.5], ['struggling', -1.5],
  ['struggles', -1.5], ['poorest', -2], ['violated', -2], ['violation', -2], ['infringement', -2], ['infringed', -2],
  ['disappeared', -1], ['interrupted', -1.5], ['rejected', -1.5], ['leakage', -2], ['leak', -1.5], ['toxic', -1.5],
  ['affected', -1], ['hurt', -2], ['hit', -1], ['damage', -1.5], ['damaged', -1.5], ['bleak', -2], ['gloomy', -2],
  ['pessimistic', -1.5], ['collapse', -2.5], ['collapsed', -2.5], ['plummeted', -2], ['plunge', -2], ['sank', -1.5],
  ['halved', -1.5], ['shed', -1], ['ending', -0.5], ['expand', 1], ['expands', 1], ['expanding', 1],
  ['expanded', 1], ['extends', 0.5], ['growing', 1], ['largest', 1], ['strengthening', 1], ['quadrupled', 1],
  // Deals and standing (soft positives in wire copy).
  ['cooperation', 0.6], ['cooperate', 0.6], ['cooperating', 0.6], ['partnership', 0.6], ['selected', 1], ['chosen', 1],
  ['great', 1.5], ['promise', 1], ['promising', 1.5], ['sound', 0.8], ['ideal', 1.5], ['significant', 0.6],
  ['dominated', 1], ['dominant', 1], ['interested', 0.6], ['boosting', 1.5], ['improve', 1.5], ['improves', 1.5],
  ['improving', 1.5], ['enhance', 1], ['enhances', 1], ['enhanced', 1], ['widened', 0.5], ['increases', 0.5],
  ['won', 2], ['awarded', 1.5], ['established', 0.5], ['well', 0.5], ['above', 0.5], ['compensated', 0.5],
  ['competitive', 1], ['higher-than-expected', 2], ['better-than-expected', 2],
  // What executives say when things go well.
  ['happy', 1.5], ['pleased', 1.5], ['proud', 1.5], ['satisfied', 1.5], ['welcome', 1], ['warmly', 1], ['honored', 1.5],
  ['confidence', 1], ['superior', 1.5], ['friendly', 1], ['safe', 0.8], ['loyal', 1], ['powerful', 1], ['important', 0.5],
  ['high-quality', 1], ['highest-quality', 1.5], ['cost-effective', 1], ['admired', 1.5], ['rewarded', 1.5],
  ['distinguished', 1], ['affordable', 0.8], ['stabilised', 1], ['stabilized', 1], ['exclusive', 0.8],
  // Trouble in wire copy.
  ['loose', -1], ['upset', -1.5], ['stealing', -1.5], ['theft', -1.5], ['banned', -1.5], ['ban', -1.5], ['dispute', -1.5],
  ['stoppage', -1.5], ['threat', -1.5], ['threatening', -1.5], ['threatens', -1.5], ['worse-than-expected', -2],
  ['lower-than-expected', -2], ['burdened', -1.5], ['burden', -1], ['suffered', -1.5], ['suffer', -1.5], ['trouble', -1.5],
  ['troubles', -1.5], ['tough', -1.5], ['unstable', -1.5], ['instability', -1.5], ['fluctuated', -0.5], ['boycott', -1.5],
  ['boycotting', -1.5], ['refused', -1.5], ['dark', -1], ['faller', -1.5], ['smaller', -0.5], ['below', -0.5],
  ['reductions', -1], ['liquidated', -2], ['liquidation', -2], ['walkout', -1.5], ['stuck', -1],
]);

/** Phrases read as one unit (longest first wins). `tone` replaces the words' own tones. */
export interface Phrase {
  readonly words: readonly string[];
  readonly tone: number;
  /** The phrase names a quantity without a tone: a move of it scores 0 ("share capital increased"). */
  readonly neutralQuantity?: boolean;
}

export const PHRASES: readonly Phrase[] = [
  { words: ['profit', 'warning'], tone: -3 },
  { words: ['lay', 'off'], tone: -2 },
  { words: ['laid', 'off'], tone: -2 },
  { words: ['lays', 'off'], tone: -2 },
  { words: ['temporary', 'layoffs'], tone: -2 },
  { words: ['in', 'the', 'black'], tone: 2 },
  { words: ['in', 'the', 'red'], tone: -2 },
  { words: ['in', 'red'], tone: -2 },
  { words: ['back', 'to', 'profit'], tone: 2.5 },
  { words: ['returned', 'to', 'profit'], tone: 2.5 },
  { words: ['turned', 'to', 'a', 'profit'], tone: 2.5 },
  { words: ['swung', 'to', 'a', 'profit'], tone: 2.5 },
  { words: ['swung', 'to', 'a', 'loss'], tone: -2.5 },
  { words: ['turned', 'to', 'a', 'loss'], tone: -2.5 },
  { words: ['better', 'than', 'expected'], tone: 2 },
  { words: ['worse', 'than', 'expected'], tone: -2 },
  { words: ['above', 'expectations'], tone: 2 },
  { words: ['below', 'expectations'], tone: -2 },
  { words: ['beat', 'expectations'], tone: 2 },
  { words: ['short', 'of', 'expectations'], tone: -2 },
  { words: ['no', 'less', 'than'], tone: 0 },
  { words: ['declined', 'to', 'comment'], tone: 0 },
  { words: ['share', 'capital'], tone: 0, neutralQuantity: true },
  { words: ['number', 'of', 'shares'], tone: 0, neutralQuantity: true },
  { words: ['record', 'date'], tone: 0 },
  { words: ['personnel', 'negotiations'], tone: -1.5 },
  { words: ['employee', 'negotiations'], tone: -1.5 },
  { words: ['co-operation', 'negotiations'], tone: -1 },
  { words: ['hit', 'a', 'snag'], tone: -2 },
  { words: ['no', 'longer', 'be', 'needed'], tone: -2 },
  { words: ['picked', 'up'], tone: 1 },
  { words: ['set', 'up'], tone: 0 },
  { words: ['up', 'to'], tone: 0 },
  { words: ['not', 'only'], tone: 0 },
];

/** Words that scale the next tone (boosters > 1, dampeners < 1). */
export const INTENSIFIERS: ReadonlyMap<string, number> = new Map<string, number>([
  ['sharply', 1.5], ['significantly', 1.5], ['substantially', 1.5], ['considerably', 1.5], ['strongly', 1.5],
  ['dramatically', 1.7], ['markedly', 1.4], ['very', 1.3], ['much', 1.2], ['greatly', 1.5], ['steeply', 1.5],
  ['massively', 1.7], ['hugely', 1.6], ['well', 1.1], ['clearly', 1.2], ['highly', 1.3], ['extremely', 1.6],
  ['slightly', 0.5], ['marginally', 0.5], ['somewhat', 0.6], ['modestly', 0.6], ['moderately', 0.7],
  ['little', 0.6], ['partly', 0.7], ['partially', 0.7], ['mildly', 0.6], ['barely', 0.5],
]);

/** Words that flip the tone of the words that follow them within a short scope. */
export const NEGATORS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'neither', 'nor', 'without', "n't", "didn't", "don't", "doesn't", "isn't", "wasn't",
  "aren't", "weren't", "won't", "wouldn't", "couldn't", "cannot", "can't", 'none', 'nothing', 'unable', 'failed',
  'fails', 'fail', 'lack', 'lacks', 'lacked', 'absence',
]);

/** Words that end a clause: a move never reaches a quantity across them, and negation stops there. */
export const CLAUSE_BREAKS: ReadonlySet<string> = new Set(['but', 'while', 'whereas', 'although', 'though', 'however', 'despite', 'yet']);

/** Words a move does not look ahead past for its quantity: they start another clause ("decreased since our employees …"). */
export const LOOKAHEAD_STOPS: ReadonlySet<string> = new Set(['since', 'because', 'when', 'as', 'after', 'which', 'that', 'who', 'if', 'and', 'than', 'said', 'says']);

/** Words that link a quantity to two numbers being compared ("EUR 12 mn from EUR 10 mn"). */
export const COMPARATORS: ReadonlySet<string> = new Set(['from', 'versus', 'vs', 'compared', 'against']);
