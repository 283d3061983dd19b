// Local stand-ins for the carrier rating APIs (one Lambda function per carrier) and the ranking
// function. Prices are computed from the package and the two locations only.

class PackageTooHeavy extends Error {
  name = 'PackageTooHeavy';
}
class ServiceNotAvailable extends Error {
  name = 'ServiceNotAvailable';
}
class NoCarrierAvailable extends Error {
  name = 'NoCarrierAvailable';
}

const round2 = (n) => Math.round(n * 100) / 100;

function billableWeightKg({ weightKg, lengthCm, widthCm, heightCm }) {
  return Math.max(weightKg, (lengthCm * widthCm * heightCm) / 5000);
}

/** 1 for nearby postal codes up to 4 across the country; 5 between countries. */
function zone(origin, destination) {
  if (origin.country !== destination.country) return 5;
  const region = (postalCode) => Number.parseInt(postalCode[0], 10) || 0;
  return 1 + Math.floor(Math.abs(region(origin.postalCode) - region(destination.postalCode)) / 3);
}

function quoter({ carrier, service, maxKg, base, perKg, transit, domesticUsOnly = false }) {
  return async ({ origin, destination, package: pkg }) => {
    if (pkg.weightKg > maxKg) {
      throw new PackageTooHeavy(
        `${carrier} accepts packages up to ${maxKg} kg; this one weighs ${pkg.weightKg} kg.`,
      );
    }
    if (domesticUsOnly && (origin.country !== 'US' || destination.country !== 'US')) {
      throw new ServiceNotAvailable(`${carrier} ${service} only ships within the US.`);
    }
    const z = zone(origin, destination);
    return {
      carrier,
      available: true,
      service,
      amount: round2(base + perKg * billableWeightKg(pkg) * z),
      currency: 'USD',
      transitDays: transit(z),
    };
  };
}

export default {
  QuoteUPS: quoter({
    carrier: 'UPS',
    service: 'GROUND',
    maxKg: 70,
    base: 8.5,
    perKg: 1.9,
    transit: (z) => 1 + z,
  }),
  QuoteFedEx: quoter({
    carrier: 'FedEx',
    service: 'HOME_DELIVERY',
    maxKg: 68,
    base: 9.1,
    perKg: 2.2,
    transit: (z) => z,
  }),
  QuoteUSPS: quoter({
    carrier: 'USPS',
    service: 'PRIORITY_MAIL',
    maxKg: 31.5,
    base: 7.95,
    perKg: 1.6,
    transit: (z) => 2 + z,
    domesticUsOnly: true,
  }),

  RankQuotes: async ({ quotes }) => {
    const available = quotes
      .filter((q) => q.available)
      .map(({ available: _available, ...q }) => q)
      .sort((a, b) => a.amount - b.amount || a.transitDays - b.transitDays);
    const unavailable = quotes
      .filter((q) => !q.available)
      .map(({ carrier, reason }) => ({ carrier, reason }));
    if (available.length === 0) {
      throw new NoCarrierAvailable(
        `No carrier can take this package. ${unavailable.map((u) => u.reason).join(' ')}`,
      );
    }
    const fastest = [...available].sort((a, b) => a.transitDays - b.transitDays || a.amount - b.amount)[0];
    return { quotes: available, cheapest: available[0], fastest, unavailable };
  },
};
