// https://redis.io/commands/client-tracking/ and friends: tracking is never on here, and these say so
import { CommandError, ServerErr } from '../errors.js'
import { bulk, bulks, integer, map, set } from '../resp/types.js'
import { defineCommand, type CommandFlag } from './define.js'
import { arg } from './server-command-docs.js'

const CLIENT_FLAGS: readonly CommandFlag[] = ['noscript', 'loading', 'stale']

export const cachingCommand = defineCommand({
  name: 'caching',
  group: 'connection',
  since: '6.0.0',
  summary: 'Instructs the server whether to track the keys in the next request.',
  complexity: 'O(1)',
  arity: 3,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  arguments: [arg.oneof('mode', [arg.token('YES'), arg.token('NO')])],
  // Tracking is never enabled here, so CACHING always refuses, as Redis does without OPTIN/OPTOUT.
  run: () => {
    throw new CommandError(ServerErr.cachingWithoutTracking)
  },
})

export const getredirCommand = defineCommand({
  name: 'getredir',
  group: 'connection',
  since: '6.0.0',
  summary: 'Returns the client ID to which the connection\'s tracking notifications are redirected.',
  complexity: 'O(1)',
  arity: 2,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  run: () => integer(-1),
})

export const trackinginfoCommand = defineCommand({
  name: 'trackinginfo',
  group: 'connection',
  since: '6.2.0',
  summary: 'Returns information about server-assisted client-side caching for the connection.',
  complexity: 'O(1)',
  arity: 2,
  flags: CLIENT_FLAGS,
  acl: ['connection'],
  // tracking is never on here
  run: () => map([bulk('flags'), set([bulk('off')]), bulk('redirect'), integer(-1), bulk('prefixes'), bulks([])]),
})
