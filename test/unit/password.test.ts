import { describe, expect, it } from 'vitest'
import { hashPassword, OWASP_SCRYPT, verifyPassword } from '../../src/agents/password.js'

describe('password hashing', () => {
  it('hashes with the OWASP scrypt parameters and a random salt', async () => {
    const a = await hashPassword('hunter2 hunter2')
    const b = await hashPassword('hunter2 hunter2')
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    expect(a).not.toBe(b)
    expect(OWASP_SCRYPT).toEqual({ N: 131072, r: 8, p: 1 })
  })

  it('verifies the right password and rejects a wrong or malformed one', async () => {
    const hash = await hashPassword('hunter2 hunter2', { N: 1024, r: 8, p: 1 })
    expect(await verifyPassword('hunter2 hunter2', hash)).toBe(true)
    expect(await verifyPassword('hunter3 hunter3', hash)).toBe(false)
    expect(await verifyPassword('hunter2 hunter2', 'plain$text')).toBe(false)
  })
})
