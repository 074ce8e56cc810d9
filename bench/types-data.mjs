// The data the type benchmarks load: fields and members in redis-benchmark's
// __rand_int__ form (12 digits, zero-padded) so that its random requests hit them.
const pad = (i) => String(i).padStart(12, '0')

export const element = {
  field: (i) => `field:${pad(i)}`,
  member: (i) => `member:${pad(i)}`,
  value: (i) => `value:${i}`,
}

/** The command that loads element `i` of each type (one element per command). */
export const loaders = {
  hash: { key: 'h', argv: (i) => ['HSET', 'h', element.field(i), element.value(i)] },
  list: { key: 'l', argv: (i) => ['RPUSH', 'l', element.value(i)] },
  set: { key: 's', argv: (i) => ['SADD', 's', element.member(i)] },
  zset: { key: 'z', argv: (i) => ['ZADD', 'z', String(i), element.member(i)] },
}
