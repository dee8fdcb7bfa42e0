// The CLI's writes. Waiting for each write keeps order and lets the process exit without losing
// output when stdout is a pipe.
export function out(text = ""): Promise<void> {
  return write(process.stdout, text.endsWith("\n") ? text : text + "\n");
}

export function err(text = ""): Promise<void> {
  return write(process.stderr, text.endsWith("\n") ? text : text + "\n");
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  // The callback runs once the text is handed to the OS (or the write failed, e.g. a closed pipe).
  return new Promise((resolve) => stream.write(text, () => resolve()));
}
