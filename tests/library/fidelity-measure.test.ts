/**
 * The corrected text-fidelity measure of `bench:formats`, on pdftotext's own word boxes
 * (`pdftotext -bbox-layout`, excerpts of its output for two real papers of ../shared/corpora/papers).
 */
import { describe, expect, it } from 'vitest';
import { bboxHints, correctedForms } from '../bench/formats-fidelity';

const word = (x0: number, y0: number, x1: number, y1: number, text: string) => `<word xMin="${x0}" yMin="${y0}" xMax="${x1}" yMax="${y1}">${text}</word>`;
const line = (...words: string[]) => `<line>${words.join('')}</line>`;
const block = (...lines: string[]) => `<block>${lines.join('')}</block>`;

// audio_comp_sci_essentia.pdf, p. 2: a paragraph's last line, the heading "3. OVERALL ARCHITECTURE"
// (a block of its own, same type size) and the paragraph after it.
const essentia = [
  block(
    line(word(54.99, 550.4, 287.4, 559.3, 'a'), word(60, 550.4, 287.43, 559.3, 'full-width-line-of-the-paragraph')),
    line(word(54.99, 562.4, 159.5, 571.3, 'not'), word(161.94, 562.41, 190.17, 571.32, 'limited'), word(192.67, 562.41, 200.42, 571.32, 'to'),
      word(202.91, 562.41, 226.71, 571.32, 'music'), word(229.2, 562.41, 273.2, 571.32, 'similarity).')),
  ),
  block(line(word(98.18, 589.75, 105.65, 598.71, '3.'), word(111.63, 589.75, 160.39, 598.71, 'OVERALL'), word(162.88, 589.75, 244.25, 598.71, 'ARCHITECTURE'))),
  block(
    line(word(54.99, 608.01, 70.48, 616.91, 'The'), word(74.22, 608.01, 94.15, 616.91, 'main'), word(97.89, 608.01, 129.43, 616.91, 'purpose'),
      word(133.17, 608.01, 141.47, 616.91, 'of'), word(145.2, 608.01, 287.43, 616.91, 'Essentia')),
    line(word(54.99, 620, 70, 628.9, 'is'), word(74, 620, 287.4, 628.9, 'to-serve-as-a-library')),
  ),
].join('');

// distributed_systems_chain-replication-…pdf, p. 2: "Pending" with its subscript "objID" (no gap on the page).
const chain = block(line(
  word(325.44, 86.35, 360.61, 95.35, 'Pending'), word(361.56, 89.07, 381.38, 98.14, 'objID'), word(385.32, 86.35, 388.09, 95.36, ':'),
  word(390.84, 86.35, 427.46, 95.31, 'request'), word(430.8, 86.35, 445.1, 95.31, 'set'),
));

describe('the corrected fidelity measure', () => {
  it('cuts a sentence where pdftotext ran a heading block into the paragraph after it', () => {
    const pieces = correctedForms('similarity). 3. OVERALL ARCHITECTURE The main purpose of Essentia', new Map(), bboxHints(essentia));
    expect(pieces.map((forms) => forms[0])).toEqual(['similarity).', '3. OVERALL ARCHITECTURE', 'The main purpose of Essentia']);
  });

  it('does not cut a paragraph that goes on from one full line to the next', () => {
    const pieces = correctedForms('The main purpose of Essentia is to-serve-as-a-library', new Map(), bboxHints(essentia));
    expect(pieces).toHaveLength(1);
  });

  it('joins the words pdftotext spaced where the page draws no gap, and only those', () => {
    const [forms] = correctedForms('Pending objID : request set', new Map(), bboxHints(chain));
    expect(forms).toContain('PendingobjID : request set');
    expect(forms).toContain('PendingobjID: request set');
  });
});
