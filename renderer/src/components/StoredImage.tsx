import { useEffect, useState, type ImgHTMLAttributes } from 'react';
import { loadImage } from '../api';
import { ImageViewer } from './ImageViewer';

/** The displayable URL of a stored image (undefined while it loads), and the error if it failed. */
export function useStoredImage(sha256: string): { src?: string; error?: string } {
  const [state, setState] = useState<{ sha256: string; src?: string; error?: string }>({ sha256 });
  useEffect(() => {
    let live = true;
    loadImage(sha256).then(
      (src) => live && setState({ sha256, src }),
      (error: unknown) => live && setState({ sha256, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [sha256]);
  return state.sha256 === sha256 ? state : {};
}

/** A plain <img> of a stored image. */
export function StoredImage({ sha256, ...rest }: { sha256: string } & Omit<ImgHTMLAttributes<HTMLImageElement>, 'src'>) {
  const { src, error } = useStoredImage(sha256);
  if (error) return <div className="missing-image">{error}</div>;
  return src ? <img src={src} {...rest} /> : <div className="missing-image">Loading image…</div>;
}

/** The zoomable viewer for a stored image. */
export function StoredImageViewer({ sha256, alt }: { sha256: string; alt: string }) {
  const { src, error } = useStoredImage(sha256);
  if (error) return <div className="missing-image">{error}</div>;
  return src ? <ImageViewer src={src} alt={alt} /> : <div className="missing-image">Loading image…</div>;
}
