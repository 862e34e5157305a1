// Bootstrap of a render worker: workers do not inherit tsx's loader, so
// register it here, then run the TypeScript worker.
import { register } from 'tsx/esm/api'

register()
await import('./render-worker.ts')
