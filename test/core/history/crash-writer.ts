// Child process of crash.test.ts: opens the history in argv[2] and records
// snapshots in a loop, one transaction each, printing the transaction number
// after each commit, until it is killed. Numbers continue from the file.
import { openHistory } from '../../../main/core/history/db.ts'
import { createRecorder } from '../../../main/core/history/recorder.ts'
import { crashSnapshot } from './crash-snapshot.ts'

const history = openHistory(process.argv[2]!)
if (history.notice) process.stderr.write(`${history.notice}\n`)
const recorder = createRecorder(history.db)
const last = history.db.prepare('SELECT max(at) AS at FROM samples').get() as { at: number | null }
for (let n = (last.at ?? 0) + 1; ; n++) {
  recorder.record(crashSnapshot(n), n)
  process.stdout.write(`${n}\n`)
}
