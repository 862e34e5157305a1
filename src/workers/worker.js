// Bootstrap of a pool worker: workers do not inherit tsx's loader, so register
// it here, then load the task module named in workerData and answer messages.
import { parentPort, workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
const { handle } = await import(workerData.module)
parentPort.on('message', async ({ id, inputs }) => {
  try {
    const outputs = []
    for (const input of inputs) outputs.push(await handle(input))
    parentPort.postMessage({ id, outputs })
  } catch (error) {
    parentPort.postMessage({ id, error: error && error.stack ? error.stack : String(error) })
  }
})
