/** The command table: every group's records, built once into a lookup map. */
import { buildCommand, type Command, type CommandSpec } from './define.js'
import { aclCommands } from './acl.js'
import { bitmapCommands } from './bitmap.js'
import { clusterCommands } from './cluster.js'
import { connectionCommands } from './connection.js'
import { debugCommands } from './debug.js'
import { dumpCommands } from './dump.js'
import { genericCommands } from './generic.js'
import { geoCommands } from './geo.js'
import { hashCommands } from './hash.js'
import { hyperloglogCommands } from './hyperloglog.js'
import { listCommands } from './list.js'
import { moduleCommands } from './module.js'
import { pubsubCommands } from './pubsub.js'
import { persistenceCommands } from './persistence.js'
import { scriptingCommands } from './scripting.js'
import { serverCommands } from './server.js'
import { diagnosticCommands } from './server-diagnostics.js'
import { memoryCommands } from './server-memory.js'
import { replicationCommands } from './server-replication.js'
import { setCommands } from './set.js'
import { sortCommands } from './sort.js'
import { sortedSetCommands } from './sorted-set.js'
import { streamCommands } from './stream.js'
import { stringCommands } from './string.js'
import { transactionCommands } from './transactions.js'

export const commandGroups: Record<string, readonly CommandSpec[]> = {
  string: stringCommands,
  generic: genericCommands,
  connection: connectionCommands,
  server: serverCommands,
  persistence: persistenceCommands,
  hash: hashCommands,
  list: listCommands,
  set: setCommands,
  'sorted-set': sortedSetCommands,
  pubsub: pubsubCommands,
  transactions: transactionCommands,
  scripting: scriptingCommands,
  stream: streamCommands,
  bitmap: bitmapCommands,
  hyperloglog: hyperloglogCommands,
  geo: geoCommands,
  sort: sortCommands,
  acl: aclCommands,
  diagnostics: diagnosticCommands,
  memory: memoryCommands,
  replication: replicationCommands,
  cluster: clusterCommands,
  debug: debugCommands,
  dump: dumpCommands,
  module: moduleCommands,
}

function build(): Map<string, Command> {
  const table = new Map<string, Command>()
  for (const specs of Object.values(commandGroups)) {
    for (const spec of specs) {
      if (table.has(spec.name)) throw new Error(`duplicate command ${spec.name}`)
      const cmd = buildCommand(spec)
      table.set(spec.name, cmd)
    }
  }
  // uppercase aliases make the common all-caps spelling a single lookup
  for (const [name, cmd] of [...table]) table.set(name.toUpperCase(), cmd)
  return table
}

/** Name (lowercase, and uppercase) → command. */
export const commandTable: Map<string, Command> = build()

/** Every command once, in table order. */
export function allCommands(): Command[] {
  const seen = new Set<Command>()
  for (const c of commandTable.values()) seen.add(c)
  return [...seen]
}
