import { describe, expect, it } from 'vitest'
import { describeJsonErrorPosition, jsonErrorOffset, positionAt } from '../../../main/core/util/json-position.ts'

describe('jsonErrorOffset', () => {
  it.each(['{"a":[1,-2.5e+3,0,true,false,null,"\\u00e9\\n\\"",{}],"b":{"c":[]}}', ' \r\n\t[] ', '"text"', '0'])(
    'accepts what JSON.parse accepts: %s',
    (text) => {
      expect(() => JSON.parse(text)).not.toThrow()
      expect(jsonErrorOffset(text)).toBe(-1)
    },
  )

  it.each([
    ['{"a": "x",}', 10],
    ['{"a": secret}', 6],
    ['{"servers": [,]}', 13],
    ['{"a": "x" "b"}', 10],
    ['{"a": 1} x', 9],
    ['{"a": tru}', 6],
    ['{"a": -x}', 6],
    ['{"a": 1e}', 7],
    ['01', 1],
    ['"\\x"', 2],
    ['"a\tb"', 2],
    ['"\\u12G4"', 2],
    ['{"a": "open', 11],
    ['[1,2,', 5],
    ['', 0],
  ])('finds where %j stops being JSON (offset %i), as JSON.parse refuses it', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError)
    expect(jsonErrorOffset(text)).toBe(offset)
  })

  it('survives nesting deep enough to exhaust the stack', () => {
    const text = '['.repeat(200_000)
    expect(jsonErrorOffset(text)).toBeGreaterThan(0)
  })
})

describe('positions', () => {
  it('counts lines and columns from 1', () => {
    expect(positionAt('ab\ncd\nef', 0)).toEqual({ line: 1, column: 1 })
    expect(positionAt('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 })
    expect(positionAt('ab\ncd\nef', 6)).toEqual({ line: 3, column: 1 })
  })

  it('describes the place, or the end of a text that stops too early', () => {
    expect(describeJsonErrorPosition('{\n  "a": nope\n}')).toBe('at line 2, column 8')
    expect(describeJsonErrorPosition('{"a": [')).toBe('at its end (line 1, column 8): it stops too early')
  })
})
