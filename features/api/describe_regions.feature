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

  # The current metadata's endpoints (docs/spec/kms-api.md §1.1; META25): 36 regions. What a real
  # account is answered depends on the account; the reference answers all of them (D-064).
  @DescribeRegions @inferred @D-064
  Scenario: DescribeRegions answers the 36 regions of the current metadata
    When I call DescribeRegions
    Then the call succeeds
    And the response field "Regions.Region" has 36 items
    And the response field "Regions.Region" contains "cn-fuzhou"
    And the response field "Regions.Region" contains "cn-heyuan-acdr-1"
    And the response field "Regions.Region" contains "cn-wuhan-lr"
    And the response field "Regions.Region" contains "cn-zhengzhou-jva"
    And the response field "Regions.Region" contains "me-central-1"
    And the response field "Regions.Region" contains "na-south-1"
    And the response field "Regions.Region" contains "cn-beijing-finance-1"
