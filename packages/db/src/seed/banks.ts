// Banks the payer can choose: European banks reached through Kashimi (open banking) and
// Brazilian Open Finance participants reached through Klavi (Pix).

/**
 * Which optional steps of Kashimi's seven phases a bank puts the payer through. Not
 * every status appears for every payment: it depends on the bank (these flags) and on
 * whether the merchant lets Kashimi host the bank choice (decided per payment).
 */
export interface KashimiBankFlow {
  /** Share of payments for which the bank asks for extra data first (phase 2). */
  readonly followUpData: number;
  /** The payer logs in at the bank before anything else (phase 3). */
  readonly senderAuthorization: boolean;
  /** The bank wants account-information consent to list the payer's accounts (phase 4). */
  readonly accountConsent: boolean;
  /** Share of payers who pick one of several accounts (phase 4). */
  readonly accountSelection: number;
  /** Kashimi registers the payment with the bank before consent (phase 5). */
  readonly registration: boolean;
  /** Share of payers asked how to authenticate (app, SMS, token) before approving (phase 6). */
  readonly authMethodSelection: number;
  /** The bank's API reports Kashimi's "required check" steps as statuses of their own. */
  readonly reportsChecks: boolean;
  /** Share of executions settled in seconds (SEPA Instant); the rest take hours. */
  readonly instant: number;
}

export interface KashimiBank {
  readonly id: string;
  readonly name: string;
  readonly weight: number;
  readonly flow: KashimiBankFlow;
}

// Archetypes of PSD2 bank APIs as they show up in Kashimi's statuses.
const redirect: KashimiBankFlow = {
  followUpData: 0,
  senderAuthorization: false,
  accountConsent: false,
  accountSelection: 0,
  registration: false,
  authMethodSelection: 0,
  reportsChecks: false,
  instant: 0.85,
};
const registering: KashimiBankFlow = { ...redirect, registration: true, authMethodSelection: 0.35, instant: 0.7 };
const embedded: KashimiBankFlow = {
  followUpData: 0.05,
  senderAuthorization: true,
  accountConsent: false,
  accountSelection: 0.25,
  registration: true,
  authMethodSelection: 0.6,
  reportsChecks: true,
  instant: 0.6,
};
const accountFirst: KashimiBankFlow = {
  followUpData: 0.1,
  senderAuthorization: true,
  accountConsent: true,
  accountSelection: 0.6,
  registration: true,
  authMethodSelection: 0.3,
  reportsChecks: true,
  instant: 0.55,
};
const customerNumber: KashimiBankFlow = { ...accountFirst, followUpData: 0.9 };

const bank = (id: string, name: string, weight: number, flow: KashimiBankFlow): KashimiBank => ({
  id,
  name,
  weight,
  flow,
});

export const KASHIMI_BANKS: Readonly<Record<string, readonly KashimiBank[]>> = {
  DE: [
    bank('de-sparkasse', 'Sparkasse', 26, accountFirst),
    bank('de-volksbank', 'Volksbanken Raiffeisenbanken', 14, customerNumber),
    bank('de-deutsche-bank', 'Deutsche Bank', 10, embedded),
    bank('de-commerzbank', 'Commerzbank', 9, embedded),
    bank('de-ing', 'ING Deutschland', 10, redirect),
    bank('de-postbank', 'Postbank', 6, embedded),
    bank('de-dkb', 'DKB Deutsche Kreditbank', 7, redirect),
    bank('de-n26', 'N26', 8, redirect),
    bank('de-comdirect', 'comdirect', 4, registering),
    bank('de-hvb', 'HypoVereinsbank (UniCredit)', 4, embedded),
    bank('de-targobank', 'TARGOBANK', 2, registering),
  ],
  AT: [
    bank('at-erste', 'Erste Bank und Sparkassen', 30, accountFirst),
    bank('at-raiffeisen', 'Raiffeisen Bank', 25, customerNumber),
    bank('at-bank-austria', 'Bank Austria', 18, embedded),
    bank('at-bawag', 'BAWAG P.S.K.', 15, registering),
    bank('at-oberbank', 'Oberbank', 5, embedded),
    bank('at-easybank', 'easybank', 7, redirect),
  ],
  FR: [
    bank('fr-credit-agricole', 'Crédit Agricole', 22, accountFirst),
    bank('fr-bnp-paribas', 'BNP Paribas', 16, registering),
    bank('fr-societe-generale', 'Société Générale', 13, registering),
    bank('fr-credit-mutuel', 'Crédit Mutuel', 11, accountFirst),
    bank('fr-banque-postale', 'La Banque Postale', 10, embedded),
    bank('fr-caisse-epargne', 'Caisse d’Épargne', 10, accountFirst),
    bank('fr-lcl', 'LCL', 6, registering),
    bank('fr-boursobank', 'BoursoBank', 7, redirect),
    bank('fr-cic', 'CIC', 5, accountFirst),
  ],
  BE: [
    bank('be-bnp-paribas-fortis', 'BNP Paribas Fortis', 30, registering),
    bank('be-kbc', 'KBC', 25, redirect),
    bank('be-belfius', 'Belfius', 20, embedded),
    bank('be-ing', 'ING Belgique', 15, redirect),
    bank('be-argenta', 'Argenta', 10, registering),
  ],
  ES: [
    bank('es-santander', 'Banco Santander', 20, registering),
    bank('es-bbva', 'BBVA', 20, redirect),
    bank('es-caixabank', 'CaixaBank', 22, embedded),
    bank('es-sabadell', 'Banco Sabadell', 10, registering),
    bank('es-bankinter', 'Bankinter', 7, redirect),
    bank('es-ing', 'ING España', 8, redirect),
    bank('es-unicaja', 'Unicaja Banco', 6, accountFirst),
    bank('es-abanca', 'ABANCA', 4, embedded),
    bank('es-kutxabank', 'Kutxabank', 3, accountFirst),
  ],
  IT: [
    bank('it-intesa-sanpaolo', 'Intesa Sanpaolo', 28, embedded),
    bank('it-unicredit', 'UniCredit', 20, registering),
    bank('it-banco-bpm', 'Banco BPM', 10, accountFirst),
    bank('it-bper', 'BPER Banca', 8, accountFirst),
    bank('it-mps', 'Monte dei Paschi di Siena', 6, embedded),
    bank('it-poste', 'Poste Italiane – BancoPosta', 14, registering),
    bank('it-fineco', 'FinecoBank', 8, redirect),
    bank('it-credem', 'Credem', 3, accountFirst),
  ],
  NL: [
    bank('nl-ing', 'ING', 35, redirect),
    bank('nl-rabobank', 'Rabobank', 27, redirect),
    bank('nl-abn-amro', 'ABN AMRO', 20, redirect),
    bank('nl-sns', 'SNS', 6, registering),
    bank('nl-asn', 'ASN Bank', 3, registering),
    bank('nl-bunq', 'bunq', 6, redirect),
    bank('nl-triodos', 'Triodos Bank', 2, registering),
    bank('nl-knab', 'Knab', 1, redirect),
  ],
  PL: [
    bank('pl-pko-bp', 'PKO Bank Polski', 28, embedded),
    bank('pl-pekao', 'Bank Pekao', 15, registering),
    bank('pl-santander', 'Santander Bank Polska', 14, registering),
    bank('pl-mbank', 'mBank', 16, redirect),
    bank('pl-ing', 'ING Bank Śląski', 14, redirect),
    bank('pl-millennium', 'Bank Millennium', 7, embedded),
    bank('pl-alior', 'Alior Bank', 6, embedded),
  ],
  SE: [
    bank('se-swedbank', 'Swedbank', 30, accountFirst),
    bank('se-handelsbanken', 'Handelsbanken', 22, accountFirst),
    bank('se-seb', 'SEB', 20, accountFirst),
    bank('se-nordea', 'Nordea', 20, embedded),
    bank('se-lansforsakringar', 'Länsförsäkringar Bank', 5, accountFirst),
    bank('se-ica-banken', 'ICA Banken', 3, registering),
  ],
  FI: [
    bank('fi-op', 'OP Financial Group', 38, embedded),
    bank('fi-nordea', 'Nordea Finland', 30, embedded),
    bank('fi-danske', 'Danske Bank', 15, registering),
    bank('fi-s-pankki', 'S-Pankki', 10, redirect),
    bank('fi-aktia', 'Aktia', 7, registering),
  ],
  IE: [
    bank('ie-aib', 'AIB', 38, redirect),
    bank('ie-boi', 'Bank of Ireland', 35, registering),
    bank('ie-ptsb', 'PTSB', 15, registering),
    bank('ie-revolut', 'Revolut', 12, redirect),
  ],
  GB: [
    bank('gb-barclays', 'Barclays', 20, redirect),
    bank('gb-hsbc', 'HSBC UK', 18, redirect),
    bank('gb-lloyds', 'Lloyds Bank', 18, redirect),
    bank('gb-natwest', 'NatWest', 16, redirect),
    bank('gb-santander', 'Santander UK', 10, redirect),
    bank('gb-nationwide', 'Nationwide', 8, redirect),
    bank('gb-monzo', 'Monzo', 6, redirect),
    bank('gb-starling', 'Starling Bank', 4, redirect),
  ],
  PT: [
    bank('pt-cgd', 'Caixa Geral de Depósitos', 28, embedded),
    bank('pt-millennium-bcp', 'Millennium bcp', 25, registering),
    bank('pt-novo-banco', 'Novo Banco', 15, registering),
    bank('pt-santander-totta', 'Santander Totta', 14, registering),
    bank('pt-bpi', 'Banco BPI', 13, embedded),
    bank('pt-montepio', 'Banco Montepio', 5, accountFirst),
  ],
};

export interface KlaviBank {
  /** The participant's ISPB, the code Brazil's payment system knows it by. */
  readonly id: string;
  readonly name: string;
  readonly weight: number;
}

export const KLAVI_BANKS: readonly KlaviBank[] = [
  { id: '18236120', name: 'Nubank', weight: 24 },
  { id: '60701190', name: 'Itaú Unibanco', weight: 15 },
  { id: '60746948', name: 'Bradesco', weight: 12 },
  { id: '00000000', name: 'Banco do Brasil', weight: 12 },
  { id: '00360305', name: 'Caixa Econômica Federal', weight: 10 },
  { id: '90400888', name: 'Santander Brasil', weight: 8 },
  { id: '00416968', name: 'Banco Inter', weight: 6 },
  { id: '31872495', name: 'C6 Bank', weight: 4 },
  { id: '22896431', name: 'PicPay', weight: 3 },
  { id: '10573521', name: 'Mercado Pago', weight: 3 },
  { id: '02038232', name: 'Sicoob', weight: 2 },
  { id: '30306294', name: 'Banco BTG Pactual', weight: 1 },
];
