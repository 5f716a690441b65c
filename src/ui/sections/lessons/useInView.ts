import { useEffect, useState, type RefObject } from 'react';

/** True once the element has come within a screen of the viewport (and stays true). */
export function useInView(ref: RefObject<Element | null>): boolean {
  // Without IntersectionObserver the element counts as seen at once.
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setSeen(true);
      },
      { rootMargin: '100% 0px' },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [ref, seen]);
  return seen;
}
