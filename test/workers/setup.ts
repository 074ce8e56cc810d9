/** Bundles the Worker (dist/workers.js) once before the workers suite. */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

export default function setup(): void {
  const root = join(import.meta.dirname, '..', '..')
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`)
}
