// bench:serve's baseline: the least a poller of the same fleet can do, in a
// process of its own. Every interval it fetches every server's body at once and
// JSON.parses it, nothing else. Runs until killed.
//   node bench/raw-poller.ts <interval ms> <url> <url> ...
const [interval = '5000', ...urls] = process.argv.slice(2)

async function cycle(): Promise<void> {
  await Promise.all(
    urls.map(async (url) => {
      const res = await fetch(url, { headers: { accept: 'application/json' } })
      JSON.parse(await res.text())
    }),
  )
}

setInterval(() => void cycle(), Number(interval))
void cycle()
console.log('polling')
