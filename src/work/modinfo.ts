// modinfo framing: the build-info text wrapped in the sentinels the runtime and `go version -m` look for.
const INFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
const INFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');

/** go's modload.ModInfoData: "" stays empty, otherwise start sentinel + info + end sentinel. */
export function modInfoData(info: string): Buffer {
  if (info === '') return Buffer.alloc(0);
  return modInfoFrame(info);
}

/** The sentinels around info, even an empty one (the shared library link's import config has them). */
export function modInfoFrame(info: string): Buffer {
  return Buffer.concat([INFO_START, Buffer.from(info, 'utf8'), INFO_END]);
}
