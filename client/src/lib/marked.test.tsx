import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { marked } from './marked';

function html(text: string, highlights: [number, number][]) {
  const { container } = render(<p>{marked(text, highlights)}</p>);
  return container.querySelector('p')!.innerHTML;
}

describe('marked', () => {
  it('marks each range of the text', () => {
    expect(
      html('refund to the customer', [
        [0, 6],
        [14, 22],
      ]),
    ).toBe('<mark>refund</mark> to the <mark>customer</mark>');
  });

  it('tolerates ranges out of order, overlapping or beyond the text', () => {
    expect(
      html('abcdef', [
        [4, 99],
        [1, 3],
        [2, 4],
        [-5, 0],
      ]),
    ).toBe('a<mark>bc</mark><mark>d</mark><mark>ef</mark>');
  });

  it('leaves the text as it is without ranges, and never reads HTML in it', () => {
    expect(html('<b>hi</b>', [])).toBe('&lt;b&gt;hi&lt;/b&gt;');
  });
});
