// https://redis.io/commands/lcs/
import { CommandError } from '../errors.js'
import { defineCommand } from './define.js'

export const lcsCommand = defineCommand({
  name: 'lcs',
  group: 'string',
  since: '7.0.0',
  summary: 'Finds the longest common substring.',
  arity: -3,
  flags: ['readonly'],
  acl: ['string'],
  keySpecs: [{ flags: ['RO', 'access'], begin: { index: 1 }, find: { range: [1, 1, 0] } }],
  run: () => {
    throw new CommandError('ERR not implemented yet')
  },
})
