// https://redis.io/commands/incrbyfloat/
import { CommandError } from '../errors.js'
import { defineCommand, ks } from './define.js'

export const incrbyfloatCommand = defineCommand({
  name: 'incrbyfloat',
  group: 'string',
  since: '2.6.0',
  summary: 'Increment the floating point value of a key by a number.',
  arity: 3,
  flags: ['write', 'denyoom', 'fast'],
  acl: ['string'],
  keySpecs: [ks.one(['RW', 'access', 'update'])],
  run: () => {
    throw new CommandError('ERR not implemented yet')
  },
})
