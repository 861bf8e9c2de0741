/**
 * More kills than CI runs (not part of the suite): `node --import tsx test/trading/crash-soak.ts [kills] [seed]`.
 * Prints the verdict and exits 1 if any order was lost, sent twice, or disagrees with its fills.
 */
import { makeTempDir } from '../../core/storage/testing/temp-dir.js';
import { crashAndCheck } from './support/crash-runner.js';

const kills = Number(process.argv[2] ?? 300);
const seed = Number(process.argv[3] ?? Date.now() % 1_000_000);
const tmp = makeTempDir('desk-crash-soak-');
try {
  const verdict = await crashAndCheck(tmp.dir, seed, kills, 800, 60);
  process.stdout.write(`seed ${seed}: ${JSON.stringify(verdict, null, 1)}\n`);
  const bad =
    verdict.lost.length + verdict.duplicatedAtBroker.length + verdict.unjournalledAtBroker.length + verdict.ordersDisagreeingWithFills.length + verdict.overClosedBrackets.length;
  process.exitCode = bad === 0 && verdict.integrity === 'ok' ? 0 : 1;
} finally {
  tmp.remove();
}
