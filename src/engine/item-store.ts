import type { ItemStore } from './asl/runtime.js';
import type { MachineRecord } from './store.js';

export function localItemStore(_machine: MachineRecord): ItemStore {
  return {
    read: () => Promise.reject(new Error('not yet')),
    write: () => Promise.reject(new Error('not yet')),
  };
}
