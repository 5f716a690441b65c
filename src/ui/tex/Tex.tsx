import katex from 'katex';
import { memo, useMemo } from 'react';

interface TexProps {
  readonly tex: string;
  readonly display?: boolean;
  readonly className?: string;
}

/**
 * A KaTeX formula. The strings come from our own code (never from the URL or a user), and
 * KaTeX runs with `trust: false`, so its HTML is safe to insert.
 */
export const Tex = memo(function Tex({ tex, display = false, className }: TexProps) {
  const html = useMemo(
    () =>
      katex.renderToString(tex, {
        displayMode: display,
        throwOnError: false,
        trust: false,
        output: 'htmlAndMathml',
      }),
    [tex, display],
  );
  const Tag = display ? 'div' : 'span';
  return <Tag className={className} dangerouslySetInnerHTML={{ __html: html }} />;
});
