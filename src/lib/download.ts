/**
 * Saves `body` as a file named `name` through a temporary object URL (export buttons: logs, issue
 * states, alert rules, ruler YAML, digest). Browser only.
 */
export function downloadText(name: string, body: string, type: string): void {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The click starts the download asynchronously: revoke once it has had time to read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
