import fs from 'node:fs';
import path from 'node:path';

/**
 * Finds a Temporal binary: the project's tools folder first (installed by scripts/setup.sh),
 * then PATH. Throws with the set-up command to run when neither has it.
 */
export function findTool(name: 'temporal' | 'temporal-test-server', toolsDir: string): string {
  const candidates = [path.join(toolsDir, 'venv', 'bin', name), path.join(toolsDir, 'bin', name)];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(path.join(dir, name));
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return c;
    } catch {
      // keep looking
    }
  }
  throw new Error(`${name} not found in ${toolsDir} or on PATH; run: bash scripts/setup.sh`);
}
