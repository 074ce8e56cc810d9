// Renders the README's command table from the built command table (dist/index.js).
const GROUP_TITLES = {
  string: 'Strings',
  generic: 'Keys',
  connection: 'Connection',
  server: 'Server',
  hash: 'Hashes',
  list: 'Lists',
  set: 'Sets',
  'sorted-set': 'Sorted sets',
  pubsub: 'Pub/sub',
  transactions: 'Transactions',
  scripting: 'Scripting',
  stream: 'Streams',
  bitmap: 'Bitmaps',
  hyperloglog: 'HyperLogLog',
  geo: 'Geo',
  cluster: 'Cluster',
}

export async function renderCommandTable() {
  const { allCommands } = await import('../dist/index.js')
  const byGroup = new Map()
  for (const c of allCommands()) {
    const list = byGroup.get(c.group) ?? []
    list.push(c)
    byGroup.set(c.group, list)
  }
  const total = allCommands().length
  const lines = [`${total} commands. "7.2+" marks a command or option newer than Redis 7.0, which the differential suite leaves out.`, '']
  lines.push('| Group | Commands |', '|---|---|')
  const groups = [...byGroup.keys()].sort((x, y) => (GROUP_TITLES[x] ?? x).localeCompare(GROUP_TITLES[y] ?? y))
  for (const g of groups) {
    const cmds = byGroup.get(g).sort((x, y) => x.name.localeCompare(y.name))
    const names = cmds.map((c) => {
      let n = c.name.toUpperCase()
      if (c.subs) {
        const subs = [...new Set(c.subs.values())].map((s) => s.name.toUpperCase() + (s.newerThanOracle ? ' (7.2+)' : '')).sort()
        n += ` (${subs.join(', ')})`
      }
      if (c.newerThanOracle) n += ' (7.2+)'
      if (c.newerOptions?.length) n += ` (${c.newerOptions.join(', ')}: 7.2+)`
      return n
    })
    lines.push(`| ${GROUP_TITLES[g] ?? g} (${cmds.length}) | ${names.join(', ')} |`)
  }
  return lines.join('\n') + '\n'
}
