// Response bodies in these tests are read loosely on purpose: the assertions
// that follow are what check their shape.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- loose on purpose (see above): callers index into the body and expect() checks it
export async function readJson(res: Response): Promise<any> {
  return res.json()
}
