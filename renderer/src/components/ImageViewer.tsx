import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type WheelEvent as ReactWheelEvent } from 'react';
import { useHotkeys } from '../hooks/useHotkeys';

interface View {
  scale: number;
  x: number;
  y: number;
}

const FIT: View = { scale: 1, x: 0, y: 0 };
const MIN_SCALE = 0.25;
const MAX_SCALE = 16;
const clampScale = (scale: number): number => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/**
 * A sample's image: fitted to its panel, zoomed with the wheel or the buttons (around the
 * pointer), panned by dragging, shown at its natural size (1:1), or full screen. Loaded lazily.
 */
export function ImageViewer({ src, alt }: { src: string; alt: string }) {
  const [view, setView] = useState<View>(FIT);
  const [natural, setNatural] = useState<{ width: number; height: number }>();
  const [failed, setFailed] = useState(false);
  const [fullScreen, setFullScreen] = useState(false);
  const frame = useRef<HTMLDivElement>(null);
  const image = useRef<HTMLImageElement>(null);
  const drag = useRef<{ x: number; y: number; startX: number; startY: number } | null>(null);

  useEffect(() => {
    setView(FIT);
    setFailed(false);
  }, [src]);

  const zoomAt = useCallback((factor: number, clientX?: number, clientY?: number) => {
    const box = frame.current?.getBoundingClientRect();
    setView((previous) => {
      const scale = clampScale(previous.scale * factor);
      if (!box || clientX === undefined || clientY === undefined) return { ...previous, scale };
      // Keep the point under the pointer where it is.
      const px = clientX - box.left - box.width / 2;
      const py = clientY - box.top - box.height / 2;
      const ratio = scale / previous.scale;
      return { scale, x: px - (px - previous.x) * ratio, y: py - (py - previous.y) * ratio };
    });
  }, []);

  const naturalSize = (): void => {
    const shown = image.current;
    if (!shown || !natural || shown.offsetWidth === 0) return;
    setView({ scale: clampScale(natural.width / shown.offsetWidth), x: 0, y: 0 });
  };

  const onWheel = (event: ReactWheelEvent): void => {
    event.preventDefault();
    zoomAt(event.deltaY < 0 ? 1.2 : 1 / 1.2, event.clientX, event.clientY);
  };
  const onPointerDown = (event: ReactPointerEvent): void => {
    if (event.button !== 0) return;
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY, startX: view.x, startY: view.y };
  };
  const onPointerMove = (event: ReactPointerEvent): void => {
    const start = drag.current;
    if (!start) return;
    setView((previous) => ({ ...previous, x: start.startX + event.clientX - start.x, y: start.startY + event.clientY - start.y }));
  };
  const endDrag = (): void => {
    drag.current = null;
  };

  useHotkeys({ Escape: fullScreen ? () => setFullScreen(false) : undefined }, { inDialog: true });

  // React's wheel listener is passive; zooming must stop the page from scrolling.
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const stop = (event: WheelEvent): void => event.preventDefault();
    element.addEventListener('wheel', stop, { passive: false });
    return () => element.removeEventListener('wheel', stop);
  }, [fullScreen]);

  if (failed) return <div className="missing-image">The image could not be loaded.</div>;
  return (
    <figure className={`image-viewer${fullScreen ? ' full-screen' : ''}`} data-modal-open={fullScreen ? 'true' : undefined} data-testid="image-viewer">
      <div
        ref={frame}
        className={`image-frame${view.scale !== 1 ? ' zoomed' : ''}`}
        onWheel={onWheel}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onDoubleClick={() => setView(FIT)}
      >
        <img
          ref={image}
          className="sample-image"
          src={src}
          alt={alt}
          loading="lazy"
          decoding="async"
          draggable={false}
          onLoad={(event) => setNatural({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
          onError={() => setFailed(true)}
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
        />
      </div>
      <figcaption className="image-tools">
        <button type="button" onClick={() => zoomAt(1 / 1.25)} aria-label="Zoom out" title="Zoom out (wheel)">
          −
        </button>
        <span className="zoom-level">{Math.round(view.scale * 100)}%</span>
        <button type="button" onClick={() => zoomAt(1.25)} aria-label="Zoom in" title="Zoom in (wheel)">
          +
        </button>
        <button type="button" onClick={() => setView(FIT)} title="Fit the panel (double-click)">
          Fit
        </button>
        <button type="button" onClick={naturalSize} disabled={!natural} title="Show at the image's own pixel size">
          1:1
        </button>
        <button type="button" onClick={() => setFullScreen((on) => !on)} title="Full screen (Esc closes)">
          {fullScreen ? 'Close' : 'Full screen'}
        </button>
        {natural && (
          <span className="muted">
            {natural.width}×{natural.height}px
          </span>
        )}
      </figcaption>
    </figure>
  );
}
