// The type tests' one harness: `usage` must pass `tsc --strict --noEmit` against
// pkg/index.d.ts, and each line of `misuse` must be a type error of its own.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './emulator.mjs';

const run = promisify(execFile);
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

export async function checkTypes(name, usage, misuse) {
  const dir = await mkdtemp(join(tmpdir(), `pcl-${name}-types-`));
  const head = `import { LicenseClient } from 'partner-center-licenses';\ndeclare const client: LicenseClient;\n`;
  await writeFile(join(dir, 'usage.ts'), usage);
  await writeFile(join(dir, 'misuse.ts'), `${head}${misuse.join('\n')}\nexport {};\n`);
  const config = (files) => JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
      lib: ['es2022', 'dom'], types: [], paths: { 'partner-center-licenses': [join(ROOT, 'pkg', 'index.d.ts')] },
    },
    files,
  });
  await writeFile(join(dir, 'tsconfig.json'), config(['usage.ts']));
  await run(process.execPath, [TSC, '-p', dir]).catch((e) => assert.fail(`usage.ts: ${e.stdout}`));
  await writeFile(join(dir, 'tsconfig.json'), config(['misuse.ts']));
  const out = await run(process.execPath, [TSC, '-p', dir]).then(
    () => assert.fail('misuse.ts passed tsc'),
    (e) => e.stdout,
  );
  const lines = new Set([...out.matchAll(/misuse\.ts\((\d+),/g)].map((m) => Number(m[1])));
  for (let i = 0; i < misuse.length; i++) {
    assert.ok(lines.has(i + 3), `line ${i + 3} (${misuse[i]}) is not an error:\n${out}`);
  }
}
