// Shared by the timer drivers: what their unbind does to the device.
import type { hrtimer } from '@drvlint/kernel';

/** Quiesce a driver's timer: it must not fire after unbind. */
export function quiesce(timer: hrtimer.Handle): void {
  timer.cancel();
}
