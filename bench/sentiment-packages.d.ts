// Just the parts of the two reference packages the sentiment bench calls; neither ships its own types.
declare module 'sentiment' {
  class Sentiment {
    analyze(phrase: string): { readonly score: number; readonly comparative: number };
  }
  export = Sentiment;
}

declare module 'vader-sentiment' {
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): { readonly neg: number; readonly neu: number; readonly pos: number; readonly compound: number };
  };
}
