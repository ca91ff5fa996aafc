import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { PickedFile } from './attachments';
import { type Message, messageOf } from './chat';

/** What the person is told when the server refused their file: nothing they wrote is lost. */
export function uploadRefusal(error: unknown, file: File): string {
  if (error instanceof ApiError && error.code === 'RATE_LIMITED') {
    const seconds = error.retryAfterSeconds ?? 60;
    const wait = seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
    return `Too many uploads for now: try again in ${wait}.`;
  }
  if (error instanceof ApiError && /larger than/i.test(error.message)) {
    return `${file.name} is too big to send: ${error.message}`;
  }
  return `${file.name} was not sent: ${messageOf(error)}`;
}

/** The first file of a paste or a drop, if it holds one. */
export const fileOf = (data: DataTransfer | null): File | null => data?.files[0] ?? null;

/**
 * The message box: Enter sends, Shift+Enter is a new line, Escape cancels a reply. A file is
 * picked with "Attach" (or pasted here, or dropped on the chat); it is uploaded when the
 * message is sent, and while it uploads the box says so and waits. A refused upload leaves
 * the text and the file where they were, with the reason.
 */
export function Composer(props: {
  file: File | null;
  onFile(file: File | null): void;
  onComposing(typing: boolean): void;
  replyTo: Message | null;
  onCancelReply(): void;
  /** Sends the text (and the file, uploaded first); rejects when the upload was refused. */
  onSend(body: string, file: File | null): Promise<void>;
}) {
  const [body, setBody] = useState('');
  const [uploading, setUploading] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const { file } = props;
  useEffect(() => {
    if (props.replyTo) input.current?.focus();
  }, [props.replyTo]);
  // A new file, a new chance: the last refusal was about another one.
  useEffect(() => setRefused(null), [file]);
  const submit = async () => {
    if (uploading || (!body.trim() && !file)) return;
    setRefused(null);
    setUploading(file !== null);
    try {
      await props.onSend(body, file);
      setBody('');
      props.onFile(null);
      props.onComposing(false);
    } catch (error) {
      if (file) setRefused(uploadRefusal(error, file));
    } finally {
      setUploading(false);
      input.current?.focus();
    }
  };
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {props.replyTo && (
        <div class="replying">
          Replying to {props.replyTo.sender?.displayName}: {props.replyTo.body.slice(0, 80)}
          <button type="button" onClick={props.onCancelReply} aria-label="Cancel reply">
            ×
          </button>
        </div>
      )}
      {file && <PickedFile file={file} disabled={uploading} onRemove={() => props.onFile(null)} />}
      {uploading && file && (
        <p class="uploading" role="status">
          <progress aria-label={`Uploading ${file.name}`} /> Uploading {file.name}…
        </p>
      )}
      {refused && (
        <p class="error refused" role="alert">
          {refused}
        </p>
      )}
      <textarea
        ref={input}
        aria-label="Message"
        placeholder="Message (Markdown; Enter sends, Shift+Enter for a new line)"
        value={body}
        readOnly={uploading}
        maxLength={4000}
        rows={2}
        onInput={(e) => {
          const value = e.currentTarget.value;
          setBody(value);
          props.onComposing(value.trim() !== '');
        }}
        onPaste={(e) => {
          const pasted = fileOf(e.clipboardData);
          if (!pasted) return;
          e.preventDefault();
          props.onFile(pasted);
        }}
        onBlur={() => props.onComposing(false)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            void submit();
          } else if (e.key === 'Escape') props.onCancelReply();
        }}
      />
      <div class="composer-buttons">
        <input
          ref={picker}
          type="file"
          hidden
          aria-label="File to attach"
          onChange={(e) => {
            props.onFile(e.currentTarget.files?.[0] ?? null);
            // The same file picked again after removing it still fires a change.
            e.currentTarget.value = '';
          }}
        />
        <button
          type="button"
          class="attach"
          onClick={() => picker.current?.click()}
          disabled={uploading}
          title="Attach a file (or paste or drop one)"
        >
          Attach
        </button>
        <button type="submit" disabled={uploading}>
          Send
        </button>
      </div>
    </form>
  );
}
