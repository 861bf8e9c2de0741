import { epochMs } from '../../../market/units.js';
import { err, ok, type Result } from '../../../util/result.js';
import type { RawNews } from '../../../news/news-source.js';
import { isRecord } from '../../../util/is-record.js';

/** What one frame of the news stream held: control messages, stories, and elements that failed validation. */
export interface NewsFrame {
  readonly control: readonly NewsControl[];
  readonly stories: readonly RawNews[];
  /** Why each refused element was refused (counted, never thrown). */
  readonly problems: readonly string[];
}

export type NewsControl =
  | { readonly T: 'success'; readonly msg: string }
  | { readonly T: 'error'; readonly code: number; readonly msg: string }
  | { readonly T: 'subscription'; readonly news: readonly string[] };


/**
 * Reads a news-stream frame: a JSON array of objects switched on `T` ("n" = story; "success", "error",
 * "subscription" = control), like the stock stream (protocol note A.3). Unknown `T` values are ignored, a
 * malformed element is a problem and the rest of the frame still counts.
 */
export function parseNewsFrame(text: string): NewsFrame {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { control: [], stories: [], problems: [`frame is not JSON: ${text.slice(0, 80)}`] };
  }
  if (!Array.isArray(doc)) return { control: [], stories: [], problems: ['frame is not a JSON array'] };
  const control: NewsControl[] = [];
  const stories: RawNews[] = [];
  const problems: string[] = [];
  for (const el of doc as unknown[]) {
    if (!isRecord(el)) {
      problems.push('element is not an object');
      continue;
    }
    switch (el['T']) {
      case 'n': {
        const story = toStory(el);
        if (story.ok) stories.push(story.value);
        else problems.push(story.error);
        break;
      }
      case 'success':
        control.push({ T: 'success', msg: typeof el['msg'] === 'string' ? el['msg'] : '' });
        break;
      case 'error':
        control.push({ T: 'error', code: typeof el['code'] === 'number' ? el['code'] : 0, msg: typeof el['msg'] === 'string' ? el['msg'] : '' });
        break;
      case 'subscription':
        control.push({ T: 'subscription', news: Array.isArray(el['news']) ? el['news'].filter((s): s is string => typeof s === 'string') : [] });
        break;
      default:
        break;
    }
  }
  return { control, stories, problems };
}

/**
 * One Alpaca story (`T:"n"`: id, headline, summary, author, created_at, updated_at, content, url, symbols,
 * source). The id is prefixed "alpaca:" so stories from other sources never collide with it; `created_at`
 * is the story's time (an update keeps its id, so the store keeps the first version).
 */
function toStory(el: Record<string, unknown>): Result<RawNews> {
  const id = el['id'];
  if (typeof id !== 'number' && typeof id !== 'string') return err('story without an id');
  const headline = typeof el['headline'] === 'string' ? el['headline'].trim() : '';
  if (headline === '') return err(`story ${String(id)}: empty headline`);
  const created = typeof el['created_at'] === 'string' ? Date.parse(el['created_at']) : Number.NaN;
  if (!Number.isFinite(created)) return err(`story ${String(id)}: created_at is not an RFC 3339 time`);
  const symbols = Array.isArray(el['symbols'])
    ? [...new Set(el['symbols'].filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim().toUpperCase()))].sort()
    : [];
  if (symbols.length === 0) return err(`story ${String(id)}: no symbols`);
  const summary = typeof el['summary'] === 'string' ? el['summary'].trim() : '';
  const url = typeof el['url'] === 'string' ? el['url'].trim() : '';
  return ok({
    id: `alpaca:${String(id)}`,
    time: epochMs(created),
    symbols,
    headline,
    source: 'alpaca',
    ...(summary === '' ? {} : { summary }),
    ...(url === '' ? {} : { url }),
  });
}
