// cross-spawn has the signature of child_process.spawn; it resolves `npx.cmd`, `uvx.exe` and
// shebangs on Windows the way a shell would (the MCP SDK's own stdio transport uses it too).
declare module 'cross-spawn' {
  import type { spawn } from 'node:child_process';
  const crossSpawn: typeof spawn;
  export default crossSpawn;
}
