// Bootstrap of a pool worker: load the task module named in workerData and
// answer messages. Workers do not inherit tsx's loader: a TypeScript task
// module (the sources, not `dist/`) registers it first.
import module from 'node:module'
import { parentPort, workerData } from 'node:worker_threads'

// As the executable does (`src/cli/scrollback.js`): Node 22.1 and later keep compiled modules between runs.
module.enableCompileCache?.()
if (workerData.module.endsWith('.ts')) (await import('tsx/esm/api')).register()
const { handle } = await import(workerData.module)
parentPort.on('message', async ({ id, inputs }) => {
  try {
    const outputs = []
    for (const input of inputs) outputs.push(await handle(input))
    parentPort.postMessage({ id, outputs })
  } catch (error) {
    // What a caller needs to report it as if thrown here: a file system error keeps its code and path.
    const { message, stack, code, path } = error instanceof Error ? error : { message: String(error) }
    parentPort.postMessage({ id, error: { message, stack, code, path } })
  }
})
