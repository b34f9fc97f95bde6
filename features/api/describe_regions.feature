@api
Feature: DescribeRegions
  DescribeRegions lists the regions of the service (docs/spec/kms-api.md §2.3 DescribeRegions).

  @DescribeRegions @documented
  Scenario: DescribeRegions lists cn-hangzhou among Regions.Region
    When I call DescribeRegions
    Then the call succeeds
    And the response field "Regions.Region" contains "cn-hangzhou"
    And the response field "Regions.Region.0.RegionId" is not empty
    And the response field "RequestId" is not empty
