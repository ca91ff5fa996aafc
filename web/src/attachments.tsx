import { useEffect, useState } from 'preact/hooks';
import type { Message } from './chat';

type Attachment = NonNullable<Message['attachment']>;

/** An image is shown at most this big; its box is set from the server's width and height. */
const MAX_WIDTH = 320;
const MAX_HEIGHT = 240;

/** 1.2 MB, 34 KB, 512 B. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The box an image of this size is shown in: scaled down to fit, never up. */
function boxFor(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, MAX_WIDTH / width, MAX_HEIGHT / height);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

/**
 * A message's file: an IMAGE inline (its box sized before it loads, so nothing below jumps),
 * anything else a link with its name and size. The URL is signed for this viewer and needs no
 * header, so a plain <img> or link works.
 */
export function AttachmentView(props: { attachment: Attachment; image: boolean }) {
  const { attachment: a } = props;
  const name = a.name ?? 'file';
  if (props.image) {
    const box = a.width && a.height ? boxFor(a.width, a.height) : undefined;
    return (
      <a class="image" href={a.url} target="_blank" rel="noopener noreferrer">
        <img class="preview-image" src={a.url} alt={name} {...box} />
      </a>
    );
  }
  return (
    <a class="file" href={a.url} target="_blank" rel="noopener noreferrer" download={name}>
      {name}
      {a.size != null && <span class="size"> ({formatSize(a.size)})</span>}
    </a>
  );
}

/** The file picked in the composer, before it is sent: a thumbnail for an image, else its name. */
export function PickedFile(props: { file: File; onRemove(): void; disabled: boolean }) {
  const { file } = props;
  const [thumbnail, setThumbnail] = useState<string | null>(null);
  useEffect(() => {
    if (!file.type.startsWith('image/')) return;
    // A blob: URL of the local file (the page's CSP allows blob: images); freed when it changes.
    const url = URL.createObjectURL(file);
    setThumbnail(url);
    return () => {
      URL.revokeObjectURL(url);
      setThumbnail(null);
    };
  }, [file]);
  return (
    <fieldset class="picked" aria-label="Attachment">
      {thumbnail && <img class="thumbnail" src={thumbnail} alt={file.name} />}
      <span class="name">
        {file.name} <span class="size">({formatSize(file.size)})</span>
      </span>
      <button
        type="button"
        onClick={props.onRemove}
        disabled={props.disabled}
        aria-label="Remove attachment"
      >
        ×
      </button>
    </fieldset>
  );
}
