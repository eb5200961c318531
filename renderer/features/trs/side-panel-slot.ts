import type { ComponentType } from 'react';

/**
 * Slot beside the report editor for the live compliance findings (KRCI). The compliance
 * feature registers its panel once at start-up; the editor renders it with the open report and
 * a callback to jump to a section. Nothing is shown while no panel is registered.
 */
export interface TrsSidePanelProps {
  reportId: string;
  /** Revision of the stored document the panel should check (changes after each autosave). */
  revision: number;
  goToSection(sectionNumber: number): void;
}

let registered: ComponentType<TrsSidePanelProps> | undefined;

export function registerTrsSidePanel(panel: ComponentType<TrsSidePanelProps>): void {
  registered = panel;
}

export function trsSidePanel(): ComponentType<TrsSidePanelProps> | undefined {
  return registered;
}
