import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { breakoutSeries } from '../../ml/labels/testing/breakout-series.js';
import { loadRiskModel } from '../../ml/risk/load-risk-model.js';
import { makeTempDir } from '../../storage/testing/temp-dir.js';
import { registerTrainCommand, TrainUsageError } from './train-command.js';
import { registerTrainRiskCommand, runTrainRisk } from './train-risk-command.js';

const flags = { out: 'models/risk', seed: '3', evalSeeds: '1', firstYear: '2005', trainEnd: '2008', testEnd: '2010', heldOut: 'CCC', steps: '120' };

describe('desk train risk', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('desk-train-risk-cli-');
    const daily = tmp.file('shared/daily');
    mkdirSync(daily, { recursive: true });
    ['AAA', 'BBB', 'CCC'].forEach((s, i) => {
      const rows = breakoutSeries(31 + i, 2100, s, '1d', Date.UTC(2005, 0, 3)).map((b) =>
        `${new Date(b.time).toISOString().slice(0, 10)},${b.open},${b.high},${b.low},${b.close},${b.volume}`);
      writeFileSync(path.join(daily, `${s}.csv`), `date,open,high,low,close,volume\n${rows.join('\n')}\n`);
    });
  });
  afterEach(() => tmp.remove());

  it('imports the CSVs, trains, evaluates, and points current.json at a model the loader serves', async () => {
    const stages = new Set<string>();
    const model = await runTrainRisk(flags, { env: { DESK_SHARED_DATA: tmp.file('shared') }, cwd: tmp.dir, progress: (s) => stages.add(s) });
    const root = tmp.file('models/risk');
    expect(JSON.parse(readFileSync(path.join(root, 'current.json'), 'utf8'))).toEqual({ version: model.manifest.version });
    expect(model.manifest.training.symbols).toEqual(['AAA', 'BBB']);
    expect(model.manifest.training.heldOutSymbols).toEqual(['CCC']);
    expect(model.report?.years).toEqual([2009, 2010]);
    expect([...stages]).toEqual(['train seed 3', 'evaluate', 'evaluate control']);
    expect(loadRiskModel(root).ok).toBe(true);
  });

  it('refuses bad flags with the flag named', async () => {
    const env = { DESK_SHARED_DATA: tmp.file('shared') };
    await expect(runTrainRisk({ ...flags, seed: 'x' }, { env, cwd: tmp.dir })).rejects.toThrow(/--seed must be an integer/);
    await expect(runTrainRisk({ ...flags, riskAversion: '-1' }, { env, cwd: tmp.dir })).rejects.toThrow(TrainUsageError);
    await expect(runTrainRisk({ ...flags, heldOut: 'ZZZ' }, { env, cwd: tmp.dir })).rejects.toThrow(/held-out symbols without bars: ZZZ/);
    await expect(runTrainRisk({ ...flags, trainEnd: '2012' }, { env, cwd: tmp.dir })).rejects.toThrow(/train-end < test-end/);
  });

  it('runs as `desk train risk` with flags `desk train` also has given after `risk`, and fails with exit code 1 on a bad one', async () => {
    const program = new Command('desk').exitOverride();
    registerTrainCommand(program);
    registerTrainRiskCommand(program);
    const out = tmp.file('cli-models');
    const args = ['train', 'risk', '--data', tmp.file('shared/daily'), '--out', out, '--seed', '5', '--steps', '120', '--eval-seeds', '1', '--first-year', '2005', '--train-end', '2008', '--test-end', '2010', '--held-out', 'CCC'];
    const write = process.stdout.write.bind(process.stdout);
    const printed: string[] = [];
    process.stdout.write = ((chunk: string) => printed.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      await program.parseAsync(args, { from: 'user' });
    } finally {
      process.stdout.write = write;
    }
    const current = JSON.parse(readFileSync(path.join(out, 'current.json'), 'utf8')) as { version: string };
    expect(printed.join('')).toContain(`written: ${path.join(out, current.version)}`);
    const before = process.exitCode;
    await program.parseAsync(['train', 'risk', '--data', tmp.file('shared/daily'), '--out', out, '--eval-seeds', 'x'], { from: 'user' });
    expect(process.exitCode).toBe(1);
    process.exitCode = before;
  });

  it('is `desk train risk`, taking flags that `desk train` also has from after `risk`', () => {
    const program = new Command('desk');
    program.command('train').option('--out <dir>', 'x', 'models/breakout').option('--seed <n>', 'x', '42');
    registerTrainRiskCommand(program);
    const risk = program.commands.find((c) => c.name() === 'train')?.commands.find((c) => c.name() === 'risk');
    expect(risk?.options.map((o) => o.long)).toContain('--eval-seeds');
    const bare = new Command('desk');
    registerTrainRiskCommand(bare);
    expect(bare.commands.map((c) => c.name())).toEqual(['train']);
  });
});
