/**
 * CPU time of finished child processes, from Linux's /proc: what a build
 * costs in work, apart from how busy the machine was.
 */
import { readFileSync } from 'node:fs'

/** Clock ticks a second in /proc (USER_HZ, 100 on Linux whatever the kernel's own rate). */
const TICKS = 100

/**
 * CPU seconds, user and system, of every child this process has waited
 * for, and of their waited-for descendants (a build's Pagefind runs count
 * in the build's).
 *
 * @returns Seconds so far (0 where /proc is not there).
 */
export function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    // The fields after the command's `)`: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[13]) + Number(fields[14])) / TICKS
  } catch {
    return 0
  }
}
