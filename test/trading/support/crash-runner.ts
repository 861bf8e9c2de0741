import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { seededUniform as seededRandom } from '../../../core/util/seeded-random.js';

/** What one killed (or finished) child reported before it died. */
export interface CrashRun {
  readonly submitted: readonly string[];
  readonly killed: boolean;
}

/**
 * Starts crash-session.ts and SIGKILLs it once it has printed `killAfterLines` lines (the child keeps
 * trading while the signal travels, so the kill lands at an arbitrary instruction), or lets it kill itself
 * after its `dieAtSend`-th send. Resolves when it died.
 */
export function runAndKill(db: string, log: string, seed: number, run: number, steps: number, killAfterLines: number, dieAtSend = 0): Promise<CrashRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/trading/crash-session.ts', db, log, String(seed), String(run), String(steps), String(dieAtSend)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const submitted: string[] = [];
    let lines = 0;
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines++;
        if (line.startsWith('SUBMITTED ')) submitted.push(line.slice('SUBMITTED '.length));
      }
      if (!killed && lines >= killAfterLines) {
        killed = child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`crash-session run ${run} exited ${code}: ${stderr}`));
      else resolve({ submitted, killed: signal === 'SIGKILL' });
    });
  });
}

/** What the checks found after all the kills. */
export interface CrashVerdict {
  readonly kills: number;
  readonly ordersChecked: number;
  readonly fillsChecked: number;
  readonly lost: readonly string[];
  readonly duplicatedAtBroker: readonly string[];
  readonly unjournalledAtBroker: readonly string[];
  readonly ordersDisagreeingWithFills: readonly string[];
  readonly overClosedBrackets: readonly string[];
  readonly integrity: string;
}

/** Runs `kills` seeded kill cycles against one DB file and checks the journal against what the children said. */
export async function crashAndCheck(dir: string, seed: number, kills: number, steps: number, maxKillLine: number): Promise<CrashVerdict> {
  const db = `${dir}/desk.db`;
  const log = `${dir}/broker.log`;
  const random = seededRandom(seed);
  const reported: string[] = [];
  let killCount = 0;
  for (let run = 0; run < kills; run++) {
    // Every other run dies from inside, right after a send; the rest are killed from outside at a random line.
    const killLine = 1 + Math.floor(random() * maxKillLine);
    const result = await runAndKill(db, log, seed, run, steps, run % 2 === 0 ? killLine : Number.POSITIVE_INFINITY, run % 2 === 0 ? 0 : killLine);
    reported.push(...result.submitted);
    if (result.killed) killCount++;
  }
  return { ...checkJournal(db, log, reported), kills: killCount };
}

function checkJournal(dbFile: string, log: string, reported: readonly string[]): Omit<CrashVerdict, 'kills'> {
  const db = new Database(dbFile);
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const journalled = new Set(db.prepare('SELECT client_order_id FROM orders').pluck().all() as string[]);
    const lost = reported.filter((id) => !journalled.has(id));
    const resent = new Set(db.prepare("SELECT client_order_id FROM order_events WHERE kind = 'resent'").pluck().all() as string[]);
    const sends = new Map<string, number[]>();
    const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.length > 0) : [];
    for (const line of lines) {
      const [run, id] = line.split(' ');
      if (run === undefined || id === undefined) continue;
      sends.set(id, [...(sends.get(id) ?? []), Number(run)]);
    }
    // A second send is legitimate only as the one re-send at a restart, to a broker that died with the last run.
    const duplicatedAtBroker = [...sends].filter(([id, runs]) => runs.length > 2 || (runs.length === 2 && (!resent.has(id) || runs[0] === runs[1]))).map(([id]) => id);
    const unjournalledAtBroker = [...sends.keys()].filter((id) => !journalled.has(id));
    const ordersDisagreeingWithFills = db
      .prepare(
        `SELECT o.client_order_id FROM orders o LEFT JOIN (SELECT client_order_id, SUM(quantity) q FROM fills GROUP BY client_order_id) f USING (client_order_id)
         WHERE abs(o.filled_quantity - COALESCE(f.q, 0)) > 1e-9`,
      )
      .pluck()
      .all() as string[];
    const overClosedBrackets = db
      .prepare(
        `SELECT e.client_order_id FROM orders e WHERE e.leg = 'entry'
           AND (SELECT COALESCE(SUM(x.filled_quantity), 0) FROM orders x WHERE x.parent_id = e.client_order_id) > e.filled_quantity + 1e-9`,
      )
      .pluck()
      .all() as string[];
    const fillsChecked = db.prepare('SELECT count(*) FROM fills').pluck().get() as number;
    return { ordersChecked: journalled.size, fillsChecked, lost, duplicatedAtBroker, unjournalledAtBroker, ordersDisagreeingWithFills, overClosedBrackets, integrity };
  } finally {
    db.close();
  }
}
